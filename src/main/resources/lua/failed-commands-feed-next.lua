-- One page of the failed-commands feed for this consumer of the group (api/FailedCommandsFeed):
-- its own taken-but-undelivered entries after PENDING_AFTER ("-": those are done), then those
-- another consumer left idle past the claim time (XAUTOCLAIM from CLAIM_FROM), then new ones, an
-- entry per call, up to MAX and the cut's byte budget. Creates the group at the stream's newest
-- entry when missing, with the stream's entries-added as its baseline. When the read of new
-- entries is caught up, every entry added since the baseline that the group was never given was
-- trimmed first: counted in the lost-unread field; entries taken and trimmed before delivery
-- (pending without fields, or dropped by XAUTOCLAIM) in the lost-pending field.
--
-- KEYS: stream, feed counters. ARGV 1-7: the cut's limits, budget and oversized size; 8 group,
-- 9 consumer, 10 max, 11 claim idle in ms, 12 pending after, 13 claim from; 14-17 the counters' field names (baseline,
-- read, lost unread, lost pending: domain/FeedCounters).
-- Returns {entries, newly lost unread, newly lost pending, the next pending after ("-" when done),
-- the next claim from, 1 when it created the group, 1 when it stopped for room, {id, bytes, ...} of
-- the oversized entries read}.
local stream, counters = KEYS[1], KEYS[2]
local group, consumer, max, idle = ARGV[8], ARGV[9], tonumber(ARGV[10]), ARGV[11]
local baselineField, readField, lostUnreadField, lostPendingField = ARGV[14], ARGV[15], ARGV[16], ARGV[17]
local function added()
  return fieldOf(redis.call('XINFO', 'STREAM', stream), 'entries-added') or 0
end
local function groupReadOne(id)
  local reply = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', 1, 'STREAMS', stream, id)
  if reply and reply[1] and reply[1][2][1] then return reply[1][2][1] end
  return nil
end
local exists, created = false, 0
if redis.call('EXISTS', stream) == 1 then
  for _, info in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
    if fieldOf(info, 'name') == group then exists = true end
  end
end
if not exists then
  redis.call('XGROUP', 'CREATE', stream, group, '$', 'MKSTREAM')
  created = 1
end
if not exists or redis.call('EXISTS', counters) == 0 then
  -- a new group, or one from before the counters: count from now on
  redis.call('HSET', counters, baselineField, added(), readField, 0, lostUnreadField, 0, lostPendingField, 0)
end
local out, seen, lostPending, budget = {}, {}, 0, cutBudget
local function room() return #out < max and budget > 0 end
local function offer(entry)
  if not entry[2] then
    -- taken, then trimmed before it was delivered
    redis.call('XACK', stream, group, entry[1])
    lostPending = lostPending + 1
  elseif not seen[entry[1]] then
    seen[entry[1]] = true
    out[#out + 1] = entry
    budget = budget - entryBytes(entry)
  end
end
local nextPending, nextClaim = '-', ARGV[13]
if ARGV[12] ~= '-' then
  local after = ARGV[12]
  while true do
    if not room() then nextPending = after break end
    local entry = groupReadOne(after)
    if not entry then break end
    offer(entry)
    after = entry[1]
  end
end
local lostUnread = 0
if nextPending == '-' then
  local cursor = ARGV[13]
  while room() do
    local claimed = redis.call('XAUTOCLAIM', stream, group, consumer, idle, cursor, 'COUNT', 1)
    cursor = claimed[1]
    for _, entry in ipairs(claimed[2]) do offer(entry) end
    if claimed[3] then lostPending = lostPending + #claimed[3] end
    if cursor == '0-0' then break end
  end
  nextClaim = cursor
  if cursor == '0-0' then
    local fresh, caughtUp = 0, false
    while room() do
      local entry = groupReadOne('>')
      if not entry then caughtUp = true break end
      fresh = fresh + 1
      offer(entry)
    end
    local read = redis.call('HINCRBY', counters, readField, fresh)
    if caughtUp then
      local gone = added() - tonumber(redis.call('HGET', counters, baselineField)) - read
      local known = tonumber(redis.call('HGET', counters, lostUnreadField) or 0)
      if gone > known then
        lostUnread = gone - known
        redis.call('HSET', counters, lostUnreadField, gone)
      end
    end
  end
end
if lostPending > 0 then redis.call('HINCRBY', counters, lostPendingField, lostPending) end
local more = 0
if not room() then more = 1 end
return {cut(out), lostUnread, lostPending, nextPending, nextClaim, created, more, oversized()}
