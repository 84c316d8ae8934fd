package io.tom.monitoring.fleet;

import java.util.List;
import java.util.function.Consumer;

import io.tom.monitoring.redis.ReadDeadline;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** SCAN with MATCH and COUNT (never KEYS) over one node, a page of keys at a time. */
final class ScanPages {

    private ScanPages() {
    }

    /** Hands each non-empty page to {@code page}; returns the SCAN requests sent. */
    static int forEach(Jedis redis, String pattern, int count, Consumer<List<String>> page) {
        ScanParams params = new ScanParams().match(pattern).count(count);
        String cursor = ScanParams.SCAN_POINTER_START;
        int requests = 0;
        do {
            ReadDeadline.check();
            ScanResult<String> result = redis.scan(cursor, params);
            requests++;
            if (!result.getResult().isEmpty()) {
                page.accept(result.getResult());
            }
            cursor = result.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return requests;
    }

    /** The narrowest pattern covering two patterns of the form {@code prefix*}: their common prefix. */
    static String covering(String first, String second) {
        int common = 0;
        int max = Math.min(first.length(), second.length()) - 1;
        while (common < max && first.charAt(common) == second.charAt(common)) {
            common++;
        }
        return first.substring(0, common) + "*";
    }
}
