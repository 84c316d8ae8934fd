-- Replaces the shown-devices set in one step (metrics/ShownDevices). KEYS: the set. ARGV: its
-- members, the marker first.
redis.call('DEL', KEYS[1])
for i = 1, #ARGV do
  redis.call('SADD', KEYS[1], ARGV[i])
end
return #ARGV
