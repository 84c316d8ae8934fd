package io.tom.monitoring.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.JobOutcome;
import io.tom.monitoring.domain.SaqJob;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.support.Await;
import io.tom.monitoring.support.PrometheusProcess;
import io.tom.monitoring.support.ReadmeSimulator;
import io.tom.monitoring.support.TomApplicationTestSupport;
import io.tom.monitoring.writer.SaqJobs;
import io.tom.monitoring.writer.TomWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XTrimParams;

/**
 * The shipped alert rules against a real Prometheus scraping the controller every second while the
 * README's simulator command drives a healthy fleet: for five minutes no alert is pending or firing.
 * Then each fault in turn (a share of jobs failing authentication, hung jobs, events trimmed unread,
 * the workers stopped, Redis stopped) makes the alert meant for it pending or firing, and no alert
 * the fault does not explain.
 */
class AlertsQuietUntilSomethingIsWrongIT extends TomApplicationTestSupport {

    private static final Duration QUIET = Duration.ofMinutes(5);

    @TempDir
    static Path dir;

    private static PrometheusProcess prometheus;
    /** Every alert Prometheus reported, as polled each second: when, name, state. */
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

    private record Seen(Instant at, String name, String state) {
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void noAlertDuringNormalOperationAndEachFaultRaisesItsOwn() throws Exception {
        ReadmeSimulator fleet = ReadmeSimulator.start(redisServer.url(), redis);
        // the workers' first heartbeats are in Redis before Prometheus first looks
        Await.until(() -> !redis.keys("tom:worker:heartbeat:*").isEmpty(), Duration.ofSeconds(30));
        prometheus = PrometheusProcess.withShippedRules(dir, httpPort, null);
        poller.scheduleWithFixedDelay(this::poll, 0, 1, TimeUnit.SECONDS);
        try {
            Instant start = Instant.now();
            Await.until(() -> prometheus.scalar("count_over_time(up{job=\"tom-controller\"}[10m])") >= 5,
                    Duration.ofSeconds(60));
            Thread.sleep(QUIET.toMillis());
            assertEquals(List.of(), alertsSince(start), "no alert is pending or firing while the fleet is healthy ("
                    + fleet.command() + ")");
            System.out.println(quietRunFigures());

            // half the jobs failing auth: the share alert, and the burn rate of the job-success budget
            phase("a share of jobs failing authentication", Set.of("TomAuthFailuresSpike", "TomJobSuccessBudgetBurn"),
                    Duration.ofMinutes(4), () -> authFailures(fleet));
            phase("jobs hung past their timeout", Set.of("TomJobsOverdue"), Duration.ofMinutes(3), this::hungJobs);
            phase("metrics-stream events trimmed unread", Set.of("TomJobEventsLost"), Duration.ofMinutes(2),
                    this::eventsTrimmedUnread);
            // no worker left, then each silent worker's own alert once its last heartbeat is 2 minutes old
            phase("the workers stopped", Set.of("TomNoActiveWorkers", "TomWorkerHeartbeatStale"), Duration.ofMinutes(4),
                    () -> {
                        fleet.stop();
                        return () -> { };
                    });
            phase("Redis stopped", Set.of("TomRedisUnreachable"), Duration.ofMinutes(2), () -> {
                redisServer.stop();
                return () -> { };
            });
        } finally {
            poller.shutdownNow();
            fleet.close();
        }
    }

    /** What undoes a fault. */
    private interface Undo {
        void undo() throws Exception;
    }

    private interface Fault {
        Undo inject() throws Exception;
    }

    /**
     * Injects the fault, waits until every alert it is meant to raise is pending or firing, undoes
     * the fault, and checks that no other alert became active meanwhile (one active before it began
     * is not the fault's).
     */
    private void phase(String fault, Set<String> intended, Duration within, Fault injection) throws Exception {
        Set<String> before = activeNames();
        Instant start = Instant.now();
        Undo undo = injection.inject();
        try {
            Await.until(() -> seenSince(start).containsAll(intended), within);
        } finally {
            undo.undo();
        }
        Set<String> raised = seenSince(start);
        raised.removeAll(before);
        Set<String> unexplained = new TreeSet<>(raised);
        unexplained.removeAll(intended);
        assertEquals(Set.of(), unexplained, "with " + fault + ", alerts it does not explain became active");
        System.out.println("fault '" + fault + "': raised " + raised + " within "
                + Duration.between(start, Instant.now()).toSeconds() + " s");
    }

    /** Half again as many jobs as the fleet runs, all failing authentication, on the fleet's own devices. */
    private Undo authFailures(ReadmeSimulator fleet) {
        TomWriter writer = new TomWriter(RedisConnections.standalone(redis));
        List<String> workers = fleet.simulator().workers();
        List<String> devices = fleet.simulator().devices();
        AtomicLong sequence = new AtomicLong();
        ScheduledExecutorService injector = Executors.newSingleThreadScheduledExecutor();
        injector.scheduleAtFixedRate(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String device = devices.get(random.nextInt(devices.size()));
            writer.recordJob(JobOutcome.failure(workers.get(random.nextInt(workers.size())), device, ErrorType.AUTH,
                    "auth-fault-" + sequence.incrementAndGet(), "show version",
                    "Authentication failed for user netops on " + device, "cred-lab-1", 1, 0.2,
                    Instant.now().getEpochSecond()));
        }, 0, 50, TimeUnit.MILLISECONDS);
        return injector::shutdownNow;
    }

    /** Two jobs that started and never finish: their 5 s timeout passes, then the 30 s grace. */
    private Undo hungJobs() {
        SaqJobs saq = new SaqJobs(RedisConnections.standalone(redis));
        List<SaqJob> hung = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            SaqJob job = SaqJob.queued("default", "hung-" + i, "run_command", Map.of(), 5, System.currentTimeMillis())
                    .started(System.currentTimeMillis());
            saq.enqueue(job);
            saq.start(job);
            hung.add(job);
        }
        return () -> hung.forEach(job -> saq.finish(job.finished(System.currentTimeMillis(), false)));
    }

    /** Fifty events written and trimmed away in one transaction: no controller can have read them. */
    private Undo eventsTrimmedUnread() {
        try (AbstractTransaction transaction = redis.multi()) {
            for (int i = 0; i < 50; i++) {
                transaction.xadd("tom:metrics:stream", XAddParams.xAddParams(), Map.of("timestamp",
                        String.valueOf(Instant.now().getEpochSecond()), "worker", "sim-worker-01", "device", "10.0.0.3",
                        "status", "success", "error_type", "none", "duration", "0.5"));
            }
            transaction.xtrim("tom:metrics:stream", XTrimParams.xTrimParams().maxLen(0));
            transaction.exec();
        }
        return () -> { };
    }

    private void poll() {
        try {
            Instant now = Instant.now();
            for (PrometheusProcess.ActiveAlert alert : prometheus.alerts()) {
                seen.add(new Seen(now, alert.name(), alert.state()));
            }
        } catch (RuntimeException e) {
            // the next poll tries again
        }
    }

    private Set<String> seenSince(Instant start) {
        Set<String> names = new TreeSet<>();
        seen.stream().filter(s -> !s.at().isBefore(start)).forEach(s -> names.add(s.name()));
        return names;
    }

    private List<String> alertsSince(Instant start) {
        return seen.stream().filter(s -> !s.at().isBefore(start)).map(s -> s.name() + " " + s.state() + " at " + s.at())
                .distinct().limit(20).toList();
    }

    private Set<String> activeNames() {
        Set<String> names = new TreeSet<>();
        prometheus.alerts().forEach(alert -> names.add(alert.name()));
        return names;
    }

    private String quietRunFigures() {
        String window = "[" + QUIET.toMinutes() + "m]";
        return String.format("quiet run (%s): %.0f jobs, error ratio %.4f (largest 5-minute %.4f, burn %.2fx of the"
                        + " 1%% budget), queue latency at most %.2f s, longest-running job at most %.2f s, %.0f overdue,"
                        + " %.0f events lost",
                "README simulator",
                prometheus.scalar("sum(tom_job_duration_seconds_count)"),
                prometheus.scalar("slo:sli_error:ratio_rate1h"),
                prometheus.scalar("max_over_time(slo:sli_error:ratio_rate5m" + window + ")"),
                prometheus.scalar("max_over_time(slo:sli_error:ratio_rate5m" + window + ") / 0.01"),
                prometheus.scalar("max_over_time(tom_queue_latency_seconds" + window + ")"),
                prometheus.scalar("max_over_time(tom_queue_oldest_active_seconds" + window + ")"),
                prometheus.scalar("max_over_time(tom_jobs_overdue" + window + ")"),
                prometheus.scalar("tom_job_events_lost_total"));
    }
}
