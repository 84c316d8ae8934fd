package io.tom.monitoring.api;

import io.tom.monitoring.fleet.BoundedEntries;
import io.tom.monitoring.redis.LuaFunctions;

/**
 * The failed-commands feed's Lua script. Its keys (the stream and the feed's counters) share the
 * stream's hash slot, so it runs atomically on a single Redis and on a Redis Cluster alike, and
 * its entries come back with their fields cut ({@link BoundedEntries}).
 */
final class FeedScripts {

    private FeedScripts() {
    }

    /** Entries one run of {@link #NEXT} returns at most, so that a run over entries of megabytes stays short. */
    static final int PAGE = 20;

    /**
     * One page (up to MAX entries) for this consumer of the group: its own taken-but-undelivered
     * ones after PENDING_AFTER ("-": those are done), then those another consumer left idle past
     * the claim time (XAUTOCLAIM from CLAIM_FROM), then new ones. Creates the group at
     * the stream's newest entry when missing, with the stream's entries-added as its baseline.
     * When the read of new entries is caught up, every entry added since the baseline that the
     * group was never given was trimmed first: counted in lost_unread; entries taken and trimmed
     * before delivery (XAUTOCLAIM drops them from the pending list) in lost_pending.
     *
     * <p>KEYS: stream, feed counters. ARGV 1-5: the cut's limits; 6 group, 7 consumer, 8 max,
     * 9 claim idle in ms, 10 pending after, 11 claim from. Returns {entries, newly lost unread,
     * newly lost pending, the next pending after ("-" when done), the next claim from, 1 when it
     * created the group}.
     */
    static final String NEXT = BoundedEntries.CUT + LuaFunctions.FIELD_OF + """
            local stream, counters = KEYS[1], KEYS[2]
            local group, consumer, max, idle = ARGV[6], ARGV[7], tonumber(ARGV[8]), ARGV[9]
            local function added()
              return fieldOf(redis.call('XINFO', 'STREAM', stream), 'entries-added') or 0
            end
            local function groupRead(id, count)
              local reply = redis.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, 'STREAMS', stream, id)
              if reply and reply[1] then return reply[1][2] end
              return {}
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
              redis.call('HSET', counters, 'baseline', added(), 'read', 0, 'lost_unread', 0, 'lost_pending', 0)
            elseif redis.call('EXISTS', counters) == 0 then
              -- a group from before the counters: count from now on
              redis.call('HSET', counters, 'baseline', added(), 'read', 0, 'lost_unread', 0, 'lost_pending', 0)
            end
            local out, seen, lostPending = {}, {}, 0
            local function take(entries)
              for _, entry in ipairs(entries) do
                if not entry[2] then
                  -- taken, then trimmed before it was delivered
                  redis.call('XACK', stream, group, entry[1])
                  lostPending = lostPending + 1
                elseif #out < max and not seen[entry[1]] then
                  seen[entry[1]] = true
                  out[#out + 1] = entry
                end
              end
            end
            local nextPending, nextClaim = '-', ARGV[11]
            if ARGV[10] ~= '-' then
              local own = groupRead(ARGV[10], max)
              take(own)
              if #own == max then nextPending = own[#own][1] end
            end
            if #out < max and nextPending == '-' then
              local claimed = redis.call('XAUTOCLAIM', stream, group, consumer, idle, ARGV[11], 'COUNT', max - #out)
              nextClaim = claimed[1]
              take(claimed[2])
              if claimed[3] then lostPending = lostPending + #claimed[3] end
            end
            local lostUnread = 0
            if #out < max and nextPending == '-' then
              local wanted = max - #out
              local fresh = groupRead('>', wanted)
              take(fresh)
              local read = redis.call('HINCRBY', counters, 'read', #fresh)
              if #fresh < wanted then
                local gone = added() - tonumber(redis.call('HGET', counters, 'baseline')) - read
                local known = tonumber(redis.call('HGET', counters, 'lost_unread') or 0)
                if gone > known then
                  lostUnread = gone - known
                  redis.call('HSET', counters, 'lost_unread', gone)
                end
              end
            end
            if lostPending > 0 then redis.call('HINCRBY', counters, 'lost_pending', lostPending) end
            return {cut(out), lostUnread, lostPending, nextPending, nextClaim, created}
            """;
}
