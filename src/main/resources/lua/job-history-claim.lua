-- Takes over entries another consumer (a controller that died) left pending longer than min-idle;
-- entries trimmed while pending are dropped from the group and counted as lost. Then removes the
-- consumers that hold nothing and were idle longer than forget-idle (controllers that stopped or
-- were renamed; a live one is recreated by its next read). Nothing to do before the group exists
-- (the read creates it).
--
-- KEYS: stream, consumer hash. ARGV: 1 group, 2 consumer, 3 min-idle ms, 4 count, 5 the consumer
-- hash's lost-pending field name (domain/JobHistory), 6 forget-idle ms, 7 the most bytes an event's
-- field may hold (a longer one is emptied: the event reads as malformed).
-- Reply: {claimed entries, names of the consumers removed}.
local ok, reply = pcall(redis.call, 'XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', ARGV[4])
if not ok then
  if string.find(tostring(reply.err or reply), 'NOGROUP', 1, true) then
    return {{}, {}}
  end
  return redis.error_reply(tostring(reply.err or reply))
end
local deleted = reply[3] or {}
if #deleted > 0 then
  redis.call('HINCRBY', KEYS[2], ARGV[5], #deleted)
end
local removed = {}
for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local name, pending, idle = fieldOf(c, 'name'), tonumber(fieldOf(c, 'pending')), tonumber(fieldOf(c, 'idle'))
  if name ~= ARGV[2] and pending == 0 and idle > tonumber(ARGV[6]) then
    -- a user without +xgroup|delconsumer (an ACL from before it was needed) keeps them: claiming goes on
    if pcall(redis.call, 'XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name) then
      table.insert(removed, name)
    end
  end
end
return {boundFields(reply[2], tonumber(ARGV[7])), removed}
