-- Applies each entry's aggregates together with its acknowledgement: an entry is counted only when
-- this XACK is the one that acknowledged it, so however many controllers read, claim or retry it,
-- it counts once (history/EventBatch builds the arguments).
--
-- KEYS: stream, consumer hash, durations, last_success, last_failure, last_event, shown_devices,
-- other_devices. ARGV: 1 group, 2 fold ('1' under a device limit), 3-5 field names (the consumer
-- hash's consumed and malformed, the durations' sum part: domain/JobHistory), then 11 values per
-- entry: id, kind ('e' event, 'm' malformed), worker, device, status, error_type, bucket part (''
-- when no duration), duration in ns, epoch ms (at most Redis's clock is kept), and the one or two stats-hash fields the job counts
-- in ('' for none). Returns {applied, malformed}.
local fold = ARGV[2] == '1' and redis.call('EXISTS', KEYS[7]) == 1
local consumedField, malformedField, sumPart = ARGV[3], ARGV[4], ARGV[5]
local applied, malformed = 0, 0
-- an event dated after Redis's clock counts at Redis's time: ZADD GT would keep a future date for ever
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
for i = 6, #ARGV, 11 do
  if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
    if ARGV[i + 1] == 'm' then
      malformed = malformed + 1
    else
      applied = applied + 1
      local worker, device, status, errorType = ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
      if ARGV[i + 6] ~= '' then
        local series = status .. '|' .. errorType .. '|'
        redis.call('HINCRBY', KEYS[3], series .. ARGV[i + 6] .. '|' .. worker, 1)
        redis.call('HINCRBY', KEYS[3], series .. sumPart .. '|' .. worker, ARGV[i + 7])
      end
      local at = math.min(tonumber(ARGV[i + 8]), nowMs)
      if status == 'success' then
        redis.call('ZADD', KEYS[4], 'GT', at, device)
      else
        redis.call('ZADD', KEYS[5], 'GT', at, device)
      end
      redis.call('ZADD', KEYS[6], 'GT', at, device)
      if fold and redis.call('SISMEMBER', KEYS[7], device) == 0 then
        redis.call('HINCRBY', KEYS[8], ARGV[i + 9], 1)
        if ARGV[i + 10] ~= '' then
          redis.call('HINCRBY', KEYS[8], ARGV[i + 10], 1)
        end
      end
    end
  end
end
if applied > 0 then redis.call('HINCRBY', KEYS[2], consumedField, applied) end
if malformed > 0 then redis.call('HINCRBY', KEYS[2], malformedField, malformed) end
return {applied, malformed}
