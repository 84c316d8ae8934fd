package io.tom.monitoring.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A body of chunks holds exactly the bytes written and appended, in order, across chunk boundaries. */
class ChunkedBodyTest {

    @Test
    void holdsWritesAndAppendedBodiesInOrderAcrossChunks() throws IOException {
        Random random = new Random(3);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ChunkedBody body = new ChunkedBody();
        for (int step = 0; step < 200; step++) {
            switch (step % 4) {
                case 0 -> {
                    int b = random.nextInt(256);
                    body.write(b);
                    expected.write(b);
                }
                case 1, 2 -> {
                    // from a few bytes to more than two chunks at once, at an offset
                    byte[] bytes = new byte[random.nextInt(step % 8 == 1 ? 3 * ChunkedBody.CHUNK_BYTES : 5000) + 1];
                    random.nextBytes(bytes);
                    int offset = random.nextInt(bytes.length);
                    body.write(bytes, offset, bytes.length - offset);
                    expected.write(bytes, offset, bytes.length - offset);
                }
                default -> {
                    ChunkedBody rows = new ChunkedBody();
                    byte[] bytes = new byte[random.nextInt(ChunkedBody.CHUNK_BYTES + 100)];
                    random.nextBytes(bytes);
                    rows.write(bytes, 0, bytes.length);
                    body.append(rows);
                    expected.write(bytes, 0, bytes.length);
                }
            }
        }
        assertEquals(expected.size(), body.size());
        ByteArrayOutputStream copied = new ByteArrayOutputStream();
        body.writeTo(copied);
        assertArrayEquals(expected.toByteArray(), copied.toByteArray());
        assertArrayEquals(expected.toByteArray(), body.toBuffer().getBytes());
    }

    @Test
    void anEmptyBodyIsAnEmptyBuffer() {
        assertEquals(0, new ChunkedBody().toBuffer().length());
    }
}
