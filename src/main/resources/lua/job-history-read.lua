-- Delivers up to COUNT new entries to this consumer and counts them (history/JobEventConsumer);
-- creates the group at the stream's start when it is missing (entries trimmed before then are not
-- the group's to lose). When the read is caught up, every entry added and never delivered is gone:
-- counted as lost. Also drops devices whose newest event is older than the retention.
--
-- KEYS: stream, consumer hash, last_success, last_failure, last_event.
-- ARGV: 1 group, 2 consumer, 3 count, 4 retention in ms (0 = keep for ever), 5-7 the consumer
-- hash's field names (baseline, delivered, lost unread: domain/JobHistory).
local baselineField, deliveredField, lostUnreadField = ARGV[5], ARGV[6], ARGV[7]
local function read()
  return redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')
end
local ok, reply = pcall(read)
if not ok then
  if not string.find(tostring(reply.err or reply), 'NOGROUP', 1, true) then
    return redis.error_reply(tostring(reply.err or reply))
  end
  redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[1], '0', 'MKSTREAM')
  local info = redis.call('XINFO', 'STREAM', KEYS[1])
  local before = (fieldOf(info, 'entries-added') or 0) - fieldOf(info, 'length')
  redis.call('HSET', KEYS[2], baselineField, before, deliveredField, before)
  reply = read()
end
local entries = {}
if reply and reply[1] then entries = reply[1][2] end
if #entries > 0 then
  redis.call('HINCRBY', KEYS[2], deliveredField, #entries)
end
if #entries < tonumber(ARGV[3]) then
  local added = fieldOf(redis.call('XINFO', 'STREAM', KEYS[1]), 'entries-added')
  if added then
    local gone = added - tonumber(redis.call('HGET', KEYS[2], deliveredField) or 0)
    if gone > tonumber(redis.call('HGET', KEYS[2], lostUnreadField) or 0) then
      redis.call('HSET', KEYS[2], lostUnreadField, gone)
    end
  end
end
local retention = tonumber(ARGV[4])
if retention > 0 then
  local now = redis.call('TIME')
  local cutoff = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - retention
  local old = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', '(' .. cutoff, 'LIMIT', 0, 500)
  for _, device in ipairs(old) do
    redis.call('ZREM', KEYS[3], device)
    redis.call('ZREM', KEYS[4], device)
    redis.call('ZREM', KEYS[5], device)
  end
end
return entries
