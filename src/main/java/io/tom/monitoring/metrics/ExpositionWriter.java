package io.tom.monitoring.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Writes a scrape's snapshots in the format the client asked for, exactly as the Prometheus
 * client's writer would: every family goes through the client's writer except the
 * {@link WrittenFamily} ones, whose rows are written here as bytes, with the client's headers,
 * label escaping and number formatting (ExpositionWriterTest compares the two byte for byte). The
 * client's writers need every row as an object; at 200,000 devices that is over a million data
 * points per scrape, where the rows written here cost a few bytes of buffer each.
 *
 * <p>Protobuf, which Prometheus asks for only with native histograms on, is written by the client
 * alone, from the written families' materialized snapshots.
 */
final class ExpositionWriter {

    private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO_HEADER = new byte[0];

    /** The client's own header lines of each written family, per format (they never change). */
    private static final Map<String, byte[]> HEADERS = new ConcurrentHashMap<>();

    private ExpositionWriter() {
    }

    static void write(ExpositionFormatWriter writer, OutputStream out, MetricSnapshots snapshots) throws IOException {
        boolean openMetrics = writer instanceof OpenMetricsTextFormatWriter;
        if (!openMetrics && !(writer instanceof PrometheusTextFormatWriter)) {
            writer.write(out, materialized(snapshots));
            return;
        }
        List<MetricSnapshot> pending = new ArrayList<>();
        for (MetricSnapshot snapshot : snapshots) {
            if (snapshot instanceof WrittenFamily family) {
                writeByClient(writer, out, pending, openMetrics);
                pending.clear();
                writeRows(writer, out, family);
            } else {
                pending.add(snapshot);
            }
        }
        writeByClient(writer, out, pending, openMetrics);
        if (openMetrics) {
            out.write(EOF);
        }
    }

    /**
     * Rows of {@code family} as text lines, without the family's header: what {@link #write} would
     * write for them in the text and OpenMetrics formats alike. Written ahead of the answer (while
     * Redis is still being read), they join it through {@link WrittenFamily.RowSink#text}.
     */
    static ChunkedBody rowsAhead(TomMetric family, WrittenFamily.Rows rows) {
        ChunkedBody text = new ChunkedBody();
        RowText sink = new RowText(text, new WrittenFamily(family, rows), NO_HEADER);
        rows.writeTo(sink);
        sink.flush();
        return text;
    }

    /** The snapshots as the client holds them, every written family materialized. */
    static MetricSnapshots materialized(MetricSnapshots snapshots) {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (MetricSnapshot snapshot : snapshots) {
            all.metricSnapshot(snapshot instanceof WrittenFamily family ? family.materialize() : snapshot);
        }
        return all.build();
    }

    /** A run of ordinary families, through the client's writer, without OpenMetrics's end marker. */
    private static void writeByClient(ExpositionFormatWriter writer, OutputStream out, List<MetricSnapshot> families,
            boolean openMetrics) throws IOException {
        if (families.isEmpty()) {
            return;
        }
        ByteArrayOutputStream text = new ByteArrayOutputStream(8192);
        writer.write(text, new MetricSnapshots(families));
        byte[] bytes = text.toByteArray();
        out.write(bytes, 0, openMetrics ? withoutEof(bytes) : bytes.length);
    }

    private static int withoutEof(byte[] text) {
        int end = text.length - EOF.length;
        if (end < 0 || !Arrays.equals(text, end, text.length, EOF, 0, EOF.length)) {
            throw new IllegalStateException("the OpenMetrics writer did not end with # EOF");
        }
        return end;
    }

    private static void writeRows(ExpositionFormatWriter writer, OutputStream out, WrittenFamily family)
            throws IOException {
        RowText text = new RowText(out, family, header(writer, family));
        try {
            family.writeTo(text);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        text.flush();
    }

    /**
     * The family's header lines as the client writes them: taken from the client's own output for
     * the family with one row, so HELP escaping, TYPE and UNIT lines stay the client's.
     */
    private static byte[] header(ExpositionFormatWriter writer, WrittenFamily family) {
        return HEADERS.computeIfAbsent(writer.getContentType() + " " + family.family().familyName(), key -> {
            String[] values = new String[family.labelNames().length];
            Arrays.fill(values, "x");
            WrittenFamily oneRow = new WrittenFamily(family.family(), sink -> sink.row(values, 1));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            try {
                writer.write(text, MetricSnapshots.of(oneRow.materialize()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String written = text.toString(StandardCharsets.UTF_8);
            StringBuilder header = new StringBuilder();
            for (String line : written.split("\n")) {
                if (line.startsWith("# ") && !line.equals("# EOF")) {
                    header.append(line).append('\n');
                }
            }
            return header.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    /** One family's rows as text lines, {@code name{label="value",...} value}, buffered in 64 KB. */
    private static final class RowText implements WrittenFamily.RowSink {

        private static final byte[] END_OF_LABELS = "\"} ".getBytes(StandardCharsets.US_ASCII);
        /** Label values remembered per label, enough for every error_type and status of one device. */
        private static final int REMEMBERED = 8;

        private final OutputStream out;
        private final byte[] header;
        /** {@code name{first="}, then {@code ",next="} for each further label. */
        private final byte[][] beforeValue;
        /**
         * Per label, the last few values (by identity) and their text from {@link #beforeValue} to
         * the closing quote: a device's id is escaped once for its rows, not once per row, and the
         * constant values (status, error_type) once per family.
         */
        private final String[][] rememberedValues;
        private final byte[][][] rememberedText;
        private final int[] nextSlot;
        private final byte[] buffer = new byte[64 * 1024];
        private int length;
        private boolean headerWritten;

        RowText(OutputStream out, WrittenFamily family, byte[] header) {
            this.out = out;
            this.header = header;
            String[] names = family.labelNames();
            beforeValue = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                String before = (i == 0 ? family.family().sampleName() + "{" : "\",") + names[i] + "=\"";
                beforeValue[i] = before.getBytes(StandardCharsets.UTF_8);
            }
            rememberedValues = new String[names.length][REMEMBERED];
            rememberedText = new byte[names.length][REMEMBERED][];
            nextSlot = new int[names.length];
        }

        @Override
        public void row(String[] values, double value) {
            writeHeaderOnce();
            for (int i = 0; i < values.length; i++) {
                append(labelText(i, values[i]));
            }
            append(END_OF_LABELS);
            appendNumber(value);
            ensure(1);
            buffer[length++] = '\n';
        }

        @Override
        public boolean text(ChunkedBody rows) {
            if (rows.size() == 0) {
                return true;
            }
            writeHeaderOnce();
            drain();
            if (out instanceof ChunkedBody body) {
                body.append(rows);
            } else {
                try {
                    rows.writeTo(out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return true;
        }

        private void writeHeaderOnce() {
            if (!headerWritten) {
                // the client writes no header for a family without rows
                append(header);
                headerWritten = true;
            }
        }

        /** {@code ",name="value}: from the remembered texts of this label, else escaped and remembered. */
        private byte[] labelText(int label, String value) {
            String[] known = rememberedValues[label];
            for (int slot = 0; slot < REMEMBERED; slot++) {
                if (known[slot] == value) {
                    return rememberedText[label][slot];
                }
            }
            byte[] text = escapedAfter(beforeValue[label], value);
            int slot = nextSlot[label];
            known[slot] = value;
            rememberedText[label][slot] = text;
            nextSlot[label] = (slot + 1) % REMEMBERED;
            return text;
        }

        /** As the client's writeDouble: Java's Double.toString, infinities as +Inf and -Inf. */
        private void appendNumber(double value) {
            if (value >= 0 && value < 1e7 && value == Math.rint(value) && Double.doubleToRawLongBits(value) != Long.MIN_VALUE) {
                // what Double.toString gives for whole numbers below 10^7, without a String per row
                appendLong((long) value);
                ensure(2);
                buffer[length++] = '.';
                buffer[length++] = '0';
            } else if (value == Double.POSITIVE_INFINITY) {
                appendAscii("+Inf");
            } else if (value == Double.NEGATIVE_INFINITY) {
                appendAscii("-Inf");
            } else {
                appendAscii(Double.toString(value));
            }
        }

        /** 0 to 9,999,999. */
        private void appendLong(long whole) {
            ensure(8);
            int value = (int) whole;
            int digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10_000 ? 4
                    : value < 100_000 ? 5 : value < 1_000_000 ? 6 : 7;
            for (int i = length + digits - 1; i >= length; i--) {
                buffer[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            length += digits;
        }

        /** {@code before}, then the value with the text formats' escapes (backslash, double quote, newline), in UTF-8. */
        private static byte[] escapedAfter(byte[] before, String value) {
            // nearly every id is ASCII with nothing to escape: its bytes are its chars
            byte[] text = Arrays.copyOf(before, before.length + value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c >= 0x80 || c == '\\' || c == '"' || c == '\n') {
                    return escapedInUtf8After(before, value);
                }
                text[before.length + i] = (byte) c;
            }
            return text;
        }

        private static byte[] escapedInUtf8After(byte[] before, String value) {
            byte[] escaped = value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] text = Arrays.copyOf(before, before.length + escaped.length);
            System.arraycopy(escaped, 0, text, before.length, escaped.length);
            return text;
        }

        private void appendAscii(String text) {
            ensure(text.length());
            for (int i = 0; i < text.length(); i++) {
                buffer[length++] = (byte) text.charAt(i);
            }
        }

        private void append(byte[] bytes) {
            if (bytes.length > buffer.length) {
                drain();
                write(bytes, bytes.length);
                return;
            }
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        private void ensure(int room) {
            if (length + room > buffer.length) {
                drain();
            }
        }

        private void drain() {
            write(buffer, length);
            length = 0;
        }

        private void write(byte[] bytes, int count) {
            try {
                out.write(bytes, 0, count);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void flush() {
            drain();
        }
    }
}
