package io.tom.monitoring.history;

import io.tom.monitoring.redis.LuaFunctions;

/**
 * The Lua scripts of the job-history consumer. Every key they touch carries the metrics stream's
 * hash tag ({@link io.tom.monitoring.domain.JobHistory}), so each runs atomically on one node,
 * on a single Redis and on a Redis Cluster alike.
 */
final class HistoryScripts {

    /** Values the apply script takes per entry, after its two leading arguments. */
    static final int APPLY_VALUES_PER_ENTRY = 11;

    private HistoryScripts() {
    }

    private static final String FIELD_OF = LuaFunctions.FIELD_OF;

    /**
     * Delivers up to COUNT new entries to this consumer and counts them; creates the group at the
     * stream's start when it is missing (entries trimmed before then are not the group's to lose).
     * When the read is caught up, every entry added and never delivered is gone: counted as lost.
     * Also drops devices whose newest event is older than the retention.
     *
     * <p>KEYS: stream, consumer hash, last_success, last_failure, last_event.
     * ARGV: group, consumer, count, retention in ms (0 = keep for ever).
     */
    static final String READ = FIELD_OF + """
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
              redis.call('HSET', KEYS[2], 'baseline', before, 'delivered', before)
              reply = read()
            end
            local entries = {}
            if reply and reply[1] then entries = reply[1][2] end
            if #entries > 0 then
              redis.call('HINCRBY', KEYS[2], 'delivered', #entries)
            end
            if #entries < tonumber(ARGV[3]) then
              local added = fieldOf(redis.call('XINFO', 'STREAM', KEYS[1]), 'entries-added')
              if added then
                local gone = added - tonumber(redis.call('HGET', KEYS[2], 'delivered') or 0)
                if gone > tonumber(redis.call('HGET', KEYS[2], 'lost_unread') or 0) then
                  redis.call('HSET', KEYS[2], 'lost_unread', gone)
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
            """;

    /**
     * Takes over entries another consumer (a controller that died) left pending longer than
     * min-idle; entries trimmed while pending are dropped from the group and counted as lost.
     *
     * Nothing to claim before the group exists (the read creates it).
     *
     * <p>KEYS: stream, consumer hash. ARGV: group, consumer, min-idle ms, count.
     */
    static final String CLAIM = """
            local ok, reply = pcall(redis.call, 'XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], '0-0', 'COUNT', ARGV[4])
            if not ok then
              if string.find(tostring(reply.err or reply), 'NOGROUP', 1, true) then
                return {}
              end
              return redis.error_reply(tostring(reply.err or reply))
            end
            local deleted = reply[3] or {}
            if #deleted > 0 then
              redis.call('HINCRBY', KEYS[2], 'lost_pending', #deleted)
            end
            return reply[2]
            """;

    /**
     * Applies each entry's aggregates together with its acknowledgement: an entry is counted only
     * when this XACK is the one that acknowledged it, so however many controllers read, claim or
     * retry it, it counts once.
     *
     * <p>KEYS: stream, consumer hash, durations, last_success, last_failure, last_event,
     * shown_devices, other_devices. ARGV: group, fold ('1' under a device limit), then
     * {@value #APPLY_VALUES_PER_ENTRY} values per entry: id, kind ('e' event, 'm' malformed), worker,
     * device, status, error_type, bucket part ('' when no duration), duration in ns, epoch ms, and
     * the one or two stats-hash fields the job counts in ('' for none).
     */
    static final String APPLY = """
            local fold = ARGV[2] == '1' and redis.call('EXISTS', KEYS[7]) == 1
            local applied, malformed = 0, 0
            for i = 3, #ARGV, 11 do
              if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then
                if ARGV[i + 1] == 'm' then
                  malformed = malformed + 1
                else
                  applied = applied + 1
                  local worker, device, status, errorType = ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
                  if ARGV[i + 6] ~= '' then
                    local series = status .. '|' .. errorType .. '|'
                    redis.call('HINCRBY', KEYS[3], series .. ARGV[i + 6] .. '|' .. worker, 1)
                    redis.call('HINCRBY', KEYS[3], series .. 'sum_ns|' .. worker, ARGV[i + 7])
                  end
                  if status == 'success' then
                    redis.call('ZADD', KEYS[4], 'GT', ARGV[i + 8], device)
                  else
                    redis.call('ZADD', KEYS[5], 'GT', ARGV[i + 8], device)
                  end
                  redis.call('ZADD', KEYS[6], 'GT', ARGV[i + 8], device)
                  if fold and redis.call('SISMEMBER', KEYS[7], device) == 0 then
                    redis.call('HINCRBY', KEYS[8], ARGV[i + 9], 1)
                    if ARGV[i + 10] ~= '' then
                      redis.call('HINCRBY', KEYS[8], ARGV[i + 10], 1)
                    end
                  end
                end
              end
            end
            if applied > 0 then redis.call('HINCRBY', KEYS[2], 'consumed', applied) end
            if malformed > 0 then redis.call('HINCRBY', KEYS[2], 'malformed', malformed) end
            return {applied, malformed}
            """;
}
