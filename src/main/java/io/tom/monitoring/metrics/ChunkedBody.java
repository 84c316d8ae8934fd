package io.tom.monitoring.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * An exposition held as chunks of 256 KB instead of one array: a 73 MB scrape is neither regrown
 * nor copied as it is written, no chunk is big enough to be a humongous object for G1 (half a
 * region, and regions are at least 1 MB), and rows written ahead of the answer (while Redis is
 * still being read) join it without a copy. The HTTP server sends the chunks as one buffer.
 */
final class ChunkedBody extends OutputStream {

    static final int CHUNK_BYTES = 256 * 1024;

    private record Chunk(byte[] bytes, int length) {
    }

    private final List<Chunk> sealed = new ArrayList<>();
    private byte[] current;
    private int used;
    private long size;

    @Override
    public void write(int b) {
        room();
        current[used++] = (byte) b;
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            room();
            int taken = Math.min(length, current.length - used);
            System.arraycopy(bytes, offset, current, used, taken);
            used += taken;
            offset += taken;
            length -= taken;
            size += taken;
        }
    }

    /** Appends {@code rows}' chunks as they are; neither body may be written to after this but this one. */
    void append(ChunkedBody rows) {
        rows.seal();
        seal();
        sealed.addAll(rows.sealed);
        size += rows.size;
    }

    /** Writes the chunks to {@code out}, for an answer that is not a ChunkedBody (gzip, tests). */
    void writeTo(OutputStream out) throws IOException {
        for (Chunk chunk : sealed) {
            out.write(chunk.bytes(), 0, chunk.length());
        }
        if (current != null) {
            out.write(current, 0, used);
        }
    }

    long size() {
        return size;
    }

    /** The whole body as one Vert.x buffer over the chunks, without copying them. */
    Buffer toBuffer() {
        seal();
        ByteBuf[] parts = new ByteBuf[sealed.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Unpooled.wrappedBuffer(sealed.get(i).bytes(), 0, sealed.get(i).length());
        }
        return Buffer.buffer(Unpooled.wrappedBuffer(Math.max(1, parts.length), parts));
    }

    private void room() {
        if (current == null || used == current.length) {
            seal();
            current = new byte[CHUNK_BYTES];
        }
    }

    /** Ends the chunk being written; the next write starts a new one. */
    private void seal() {
        if (current != null && used > 0) {
            sealed.add(new Chunk(current, used));
        }
        current = null;
        used = 0;
    }
}
