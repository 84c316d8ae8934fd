-- Takes a lease on a device for a job when it already holds one or fewer than the limit are alive
-- (writer/DeviceLeases): expired leases are dropped first, on Redis's clock.
-- KEYS: the device's lease set. ARGV: 1 job id, 2 ttl seconds, 3 limit, 4 the set's own TTL seconds.
local now = redis.call('TIME')
local nowSeconds = tonumber(now[1]) + tonumber(now[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowSeconds)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[3]) then
  redis.call('ZADD', KEYS[1], nowSeconds + tonumber(ARGV[2]), ARGV[1])
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
  return 1
end
return 0
