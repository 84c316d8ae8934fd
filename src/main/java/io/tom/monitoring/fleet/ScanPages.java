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

    /** One page of keys: each key's text, and the bytes SCAN returned for it, to be sent back as they are. */
    record KeyPage(List<String> keys, List<byte[]> bytes) {
    }

    /**
     * Hands each non-empty page of keys to {@code page}, and each key that is not valid UTF-8 to
     * {@code invalid} instead (shown with replacement characters: such a key cannot be named
     * again as text, so it is counted, never read under a mangled name); returns the SCAN
     * requests sent.
     */
    static int forEach(Jedis redis, String pattern, int count, Consumer<KeyPage> page, Consumer<String> invalid) {
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
            List<byte[]> bytes = new ArrayList<>(result.getResult().size());
            for (byte[] raw : result.getResult()) {
                if (isAscii(raw)) {
                    keys.add(new String(raw, StandardCharsets.ISO_8859_1));
                    bytes.add(raw);
                    continue;
                }
                try {
                    keys.add(strict.decode(ByteBuffer.wrap(raw)).toString());
                    bytes.add(raw);
                } catch (CharacterCodingException notUtf8) {
                    invalid.accept(new String(raw, StandardCharsets.UTF_8));
                }
            }
            if (!keys.isEmpty()) {
                page.accept(new KeyPage(keys, bytes));
            }
            cursor = result.getCursorAsBytes();
        } while (!Arrays.equals(ScanParams.SCAN_POINTER_START_BINARY, cursor));
        return requests;
    }

    /** Nearly every key is ASCII, whose text is its bytes: no decoder needed. */
    private static boolean isAscii(byte[] raw) {
        for (byte b : raw) {
            if (b < 0) {
                return false;
            }
        }
        return true;
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
