package io.tom.monitoring.metrics;

import java.io.OutputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tom.monitoring.redis.ReadDeadline;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Answers a scrape: everything registered on the Prometheus registry (the tom_* collector, Camel
 * route metrics, JVM metrics) in the format the {@code Accept} header asks for, written as the
 * Prometheus client library writes it ({@link ExpositionWriter}: the per-device families row by
 * row, the rest by the client). The tom_* read stops at the scrape's budget ({@link ReadDeadline}).
 *
 * <p>A scrape of a large fleet holds its records and text in memory for a moment, so at most
 * {@code maxConcurrent} scrapes are built at once; others wait their turn (within their
 * {@link ScrapeBudget}, then 503), which keeps memory bounded when many Prometheus servers
 * scrape together. The text is written into chunks the HTTP server sends as they are
 * ({@link ChunkedBody}), so a 20 MB exposition is neither regrown nor copied; gzip-compressed
 * when the client accepts it, as Prometheus does.
 */
public final class PrometheusScrapeResponder implements Processor {

    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final Semaphore permits;
    private final ScrapeBudget budget;

    public PrometheusScrapeResponder(PrometheusRegistry registry, int maxConcurrent, ScrapeBudget budget) {
        this.registry = registry;
        this.permits = new Semaphore(maxConcurrent, true);
        this.budget = budget;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        ExpositionFormatWriter writer = formats.findWriter(message.getHeader("Accept", String.class));
        long started = System.nanoTime();
        long budgetNanos = budget.of(message.getHeader(ScrapeBudget.PROMETHEUS_TIMEOUT_HEADER, String.class)).toNanos();
        // waiting for a turn counts against the budget: a slow Redis never holds a scrape past it
        if (!permits.tryAcquire(budgetNanos, TimeUnit.NANOSECONDS)) {
            throw new ScrapeBusyException("Too many scrapes at once; retry at the next scrape interval");
        }
        boolean gzip = acceptsGzip(message.getHeader("Accept-Encoding", String.class));
        ChunkedBody body = new ChunkedBody();
        try {
            MetricSnapshots snapshots = ReadDeadline.at(started + budgetNanos, registry::scrape);
            if (gzip) {
                try (OutputStream compressed = new FastGzipOutputStream(body)) {
                    ExpositionWriter.write(writer, compressed, snapshots);
                }
            } else {
                ExpositionWriter.write(writer, body, snapshots);
            }
        } finally {
            permits.release();
        }
        message.removeHeaders("*");
        message.setHeader(Exchange.CONTENT_TYPE, writer.getContentType());
        message.setHeader("Vary", "Accept-Encoding");
        if (gzip) {
            message.setHeader("Content-Encoding", "gzip");
        }
        message.setBody(body.toBuffer());
    }

    /** Prometheus asks for gzip ({@code Accept-Encoding: gzip}); a 50,000-device scrape shrinks about tenfold. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                return parts.length == 1 || !parts[1].replace(" ", "").equals("q=0");
            }
        }
        return false;
    }

    /** gzip at the fastest level: scrapes are frequent, and CPU is what the controller is short of. */
    private static final class FastGzipOutputStream extends GZIPOutputStream {
        FastGzipOutputStream(OutputStream out) throws java.io.IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
