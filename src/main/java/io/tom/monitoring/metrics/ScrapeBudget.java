package io.tom.monitoring.metrics;

import java.time.Duration;
import java.util.Optional;

/**
 * How long one scrape may take: {@code TOM_SCRAPE_TIMEOUT} when set, never more than just under
 * the {@code X-Prometheus-Scrape-Timeout-Seconds} Prometheus sends (it gives up then), and 8 s
 * when neither says, in time for Prometheus's default 10 s scrape timeout.
 */
public record ScrapeBudget(Optional<Duration> configured) {

    public static final String PROMETHEUS_TIMEOUT_HEADER = "X-Prometheus-Scrape-Timeout-Seconds";
    static final Duration DEFAULT = Duration.ofSeconds(8);
    /** Left for writing and sending the answer before Prometheus gives up. */
    private static final Duration MOST_HEADROOM = Duration.ofMillis(500);
    private static final Duration LEAST = Duration.ofMillis(100);

    /** The budget of a scrape that sent this header value (null when absent). */
    public Duration of(String prometheusTimeoutSeconds) {
        Optional<Duration> prometheus = parse(prometheusTimeoutSeconds).map(ScrapeBudget::justUnder);
        if (configured.isPresent()) {
            return prometheus.filter(limit -> limit.compareTo(configured.get()) < 0).orElse(configured.get());
        }
        return prometheus.orElse(DEFAULT);
    }

    private static Optional<Duration> parse(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return Optional.empty();
        }
        try {
            double value = Double.parseDouble(seconds.trim());
            return value > 0 && value < 86_400 ? Optional.of(Duration.ofNanos((long) (value * 1e9))) : Optional.empty();
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    /** A tenth of Prometheus's timeout for the answer's way back, at most half a second. */
    private static Duration justUnder(Duration prometheus) {
        Duration headroom = prometheus.dividedBy(10);
        Duration under = prometheus.minus(headroom.compareTo(MOST_HEADROOM) > 0 ? MOST_HEADROOM : headroom);
        return under.compareTo(LEAST) < 0 ? LEAST : under;
    }
}
