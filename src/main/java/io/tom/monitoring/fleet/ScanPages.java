package io.tom.monitoring.fleet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    /**
     * Hands each non-empty page of keys to {@code page}, and each key that is not valid UTF-8 to
     * {@code invalid} instead (shown with replacement characters: such a key cannot be named
     * again as text, so it is counted, never read under a mangled name); returns the SCAN
     * requests sent.
     */
    static int forEach(Jedis redis, String pattern, int count, Consumer<List<String>> page, Consumer<String> invalid) {
        ScanParams params = new ScanParams().match(pattern).count(count);
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int requests = 0;
        do {
            ReadDeadline.check();
            ScanResult<byte[]> result = redis.scan(cursor, params);
            requests++;
            List<String> keys = new ArrayList<>(result.getResult().size());
            for (byte[] raw : result.getResult()) {
                try {
                    keys.add(strict.decode(ByteBuffer.wrap(raw)).toString());
                } catch (CharacterCodingException notUtf8) {
                    invalid.accept(new String(raw, StandardCharsets.UTF_8));
                }
            }
            if (!keys.isEmpty()) {
                page.accept(keys);
            }
            cursor = result.getCursorAsBytes();
        } while (!Arrays.equals(ScanParams.SCAN_POINTER_START_BINARY, cursor));
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
