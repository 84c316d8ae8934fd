-- Delivers up to COUNT new entries to this consumer and counts them (history/JobEventConsumer).
-- Before reading it checks that Redis still holds the history it last read, and repairs what it
-- can without counting an event twice (docs/job-history.md, "When Redis loses or changes data"):
--   group_deleted   the group is gone but the stream is not: recreated at the last entry the
--                   history delivered; entries delivered and not yet applied went with it: lost
--   group_rewound   the group was moved back (XGROUP SETID): moved forward to that entry again
--   stream_reset    the stream was replaced (deleted, evicted): its group starts at its start;
--                   entries of the old stream never delivered are counted as lost
--   history_lost    the consumer hash is gone while the aggregates are not, or while the caller
--                   had seen it: rebuilt from the group, reporting no event lost for it
--   rolled_back     the consumer hash holds fewer deliveries than the caller saw in it (Redis
--                   restored from an older snapshot): the entries Redis lost are counted as lost
-- Each repair counts once in the resets hash and gives the history a new epoch, so that callers
-- that saw the old one adopt the new state rather than report it again. The first read creates
-- the group at the stream's start (entries trimmed before then are not the group's to lose). When
-- the read is caught up, every entry added and never delivered is gone: counted as lost. Also drops
-- devices whose newest event is older than the retention.
--
-- KEYS: stream, consumer hash, last_success, last_failure, last_event, resets, durations.
-- ARGV: 1 group, 2 consumer, 3 count, 4 retention in ms (0 = keep for ever), 5-12 the consumer
-- hash's field names (domain/JobHistory: epoch, delivered, delivered_through, added_seen,
-- consumed, malformed, lost_unread, lost_pending, lost_in_redis, baseline in that order, 5-14),
-- 15 the epoch the caller last saw ('' for none), 16 the deliveries it last saw, 17 the stream's
-- entries-added it last saw, 18 a new epoch should one be needed, 19 the most bytes an event's
-- field may hold (a longer one is emptied: the event reads as malformed). The hash keeps
-- delivered - baseline = consumed + malformed + lost_pending + the group's pending entries.
-- Reply: {entries, epoch, delivered, entries-added, repairs ({kind, count} pairs, flat)}.
local group = ARGV[1]
local F = {epoch = ARGV[5], delivered = ARGV[6], through = ARGV[7], addedSeen = ARGV[8], consumed = ARGV[9],
  malformed = ARGV[10], lostUnread = ARGV[11], lostPending = ARGV[12], lostInRedis = ARGV[13], baseline = ARGV[14]}
local seenEpoch, seenDelivered, seenAdded, newEpoch = ARGV[15], tonumber(ARGV[16]), tonumber(ARGV[17]), ARGV[18]
local repairs = {}
local function repaired(kind, count)
  redis.call('HINCRBY', KEYS[6], kind, 1)
  redis.call('HSET', KEYS[2], F.epoch, newEpoch)
  table.insert(repairs, kind)
  table.insert(repairs, count)
end
local function num(field)
  return tonumber(redis.call('HGET', KEYS[2], field) or 0) or 0
end
-- stream ids as {ms, seq}, compared numerically
local function idLess(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  return am < bm or (am == bm and as < bs)
end

local info = nil
if redis.call('EXISTS', KEYS[1]) == 1 then
  info = redis.call('XINFO', 'STREAM', KEYS[1])
end
local added = info and (fieldOf(info, 'entries-added') or 0) or 0
local ours = nil
if info then
  for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
    if fieldOf(g, 'name') == group then ours = g end
  end
end

local epoch = redis.call('HGET', KEYS[2], F.epoch)
if not epoch then
  if redis.call('HEXISTS', KEYS[2], F.delivered) == 1 then
    -- written by a version without epochs
    redis.call('HSET', KEYS[2], F.epoch, newEpoch)
  elseif seenEpoch ~= '' or redis.call('EXISTS', KEYS[7]) == 1 or redis.call('EXISTS', KEYS[5]) == 1 then
    if ours then
      local pending = fieldOf(ours, 'pending')
      local delivered = tonumber(fieldOf(ours, 'entries-read') or added - (fieldOf(ours, 'lag') or 0)) or added
      redis.call('HSET', KEYS[2], F.delivered, delivered, F.baseline, 0, F.consumed, delivered - pending,
        F.through, fieldOf(ours, 'last-delivered-id'), F.addedSeen, added)
    end
    repaired('history_lost', 0)
  else
    redis.call('HSET', KEYS[2], F.epoch, newEpoch)
  end
elseif epoch == seenEpoch and num(F.delivered) < seenDelivered then
  local gone = math.max(0, seenAdded - added)
  redis.call('HINCRBY', KEYS[2], F.lostInRedis, gone)
  repaired('rolled_back', gone)
end

local through = redis.call('HGET', KEYS[2], F.through)
if through and added < num(F.addedSeen) then
  local lost = math.max(num(F.lostUnread), num(F.addedSeen) - num(F.delivered))
  redis.call('HSET', KEYS[2], F.lostUnread, lost, F.delivered, 0 - lost, F.baseline, 0 - lost, F.through, '0-0',
    F.addedSeen, added)
  if ours then
    redis.call('XGROUP', 'SETID', KEYS[1], group, '0')
  else
    redis.call('XGROUP', 'CREATE', KEYS[1], group, '0', 'MKSTREAM')
  end
  repaired('stream_reset', lost)
elseif not ours then
  if through then
    local pendingLost = num(F.delivered) - num(F.baseline) - num(F.consumed) - num(F.malformed)
      - num(F.lostPending)
    if pendingLost > 0 then
      redis.call('HINCRBY', KEYS[2], F.lostPending, pendingLost)
    end
    redis.call('XGROUP', 'CREATE', KEYS[1], group, through, 'MKSTREAM')
    repaired('group_deleted', math.max(0, pendingLost))
  else
    redis.call('XGROUP', 'CREATE', KEYS[1], group, '0', 'MKSTREAM')
    local before = added - (info and fieldOf(info, 'length') or 0)
    redis.call('HSET', KEYS[2], F.delivered, before, F.baseline, before, F.through, '0-0', F.addedSeen, added)
  end
elseif through and idLess(fieldOf(ours, 'last-delivered-id'), through) then
  redis.call('XGROUP', 'SETID', KEYS[1], group, through)
  repaired('group_rewound', 0)
end

local reply = redis.call('XREADGROUP', 'GROUP', group, ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')
local entries = {}
if reply and reply[1] then entries = boundFields(reply[1][2], tonumber(ARGV[19])) end
if #entries > 0 then
  redis.call('HINCRBY', KEYS[2], F.delivered, #entries)
  redis.call('HSET', KEYS[2], F.through, entries[#entries][1])
end
redis.call('HSET', KEYS[2], F.addedSeen, added)
if #entries < tonumber(ARGV[3]) then
  local gone = added - num(F.delivered)
  if gone > num(F.lostUnread) then
    redis.call('HSET', KEYS[2], F.lostUnread, gone)
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
return {entries, redis.call('HGET', KEYS[2], F.epoch), num(F.delivered), added, repairs}
