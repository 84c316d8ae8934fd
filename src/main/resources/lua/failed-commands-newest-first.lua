-- XREVRANGE of tom:failed_commands on the server, an entry at a time, fields cut to their bounds
-- (fleet/FailedCommandsReader). KEYS: the stream. ARGV 1-7: the cut's limits, budget and oversized
-- size; 8 newest, 9 oldest (range bounds), 10 count. Returns {entries, 1 when the range ran out,
-- {id, bytes, ...} of the oversized entries read, the raw bytes read}.
local newest, oldest = ARGV[8], ARGV[9]
local entries, exhausted, bytes = collect(tonumber(ARGV[10]), function()
  local page = redis.call('XREVRANGE', KEYS[1], newest, oldest, 'COUNT', 1)
  if #page == 0 then return nil end
  newest = '(' .. page[1][1]
  return page[1]
end)
return {cut(entries), exhausted and 1 or 0, oversized(), bytes}
