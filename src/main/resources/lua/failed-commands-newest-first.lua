-- XREVRANGE of tom:failed_commands on the server, an entry at a time, fields cut to their bounds
-- (fleet/FailedCommandsReader). KEYS: the stream. ARGV 1-6: the cut's limits and budget; 7 newest,
-- 8 oldest (range bounds), 9 count. Returns {entries, 1 when the range ran out}.
local newest, oldest = ARGV[7], ARGV[8]
local entries, exhausted = collect(tonumber(ARGV[9]), function()
  local page = redis.call('XREVRANGE', KEYS[1], newest, oldest, 'COUNT', 1)
  if #page == 0 then return nil end
  newest = '(' .. page[1][1]
  return page[1]
end)
return {cut(entries), exhausted and 1 or 0}
