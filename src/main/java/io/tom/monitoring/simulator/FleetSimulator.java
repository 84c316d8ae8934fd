package io.tom.monitoring.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.tom.monitoring.domain.ErrorType;
import io.tom.monitoring.domain.Heartbeat;
import io.tom.monitoring.domain.SaqJob;
import io.tom.monitoring.redis.RedisConnections;
import io.tom.monitoring.writer.DeviceLeases;
import io.tom.monitoring.writer.SaqJobs;
import io.tom.monitoring.writer.TomWriter;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A synthetic Tom fleet writing through {@link TomWriter}, so a newcomer sees live numbers: each
 * worker heartbeats every 30 s; jobs arrive at the given rate, wait in the SAQ queue, take the
 * device's lease while they run (a job that finds the device busy becomes a delayed SAQ retry a few times, then fails
 * as {@code gating}), and
 * finish as a success or a failure with a realistic error mix. Devices are IPv4, IPv6 and host
 * names. Progress is printed every 5 s; it stops after {@code --duration} or on Ctrl-C, letting
 * the jobs in flight finish.
 */
public final class FleetSimulator {

    static final long HEARTBEAT_PERIOD_SECONDS = 30;
    static final long PROGRESS_PERIOD_SECONDS = 5;
    private static final long TICK_MILLIS = 50;
    private static final int LEASE_TRIES = 5;

    private final SimulatorOptions options;
    private final String target;
    private final TomWriter writer;
    private final DeviceLeases leases;
    private final SaqJobs saqJobs;
    private final PrintStream out;
    private final List<String> workers = new ArrayList<>();
    private final List<String> devices = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, r -> {
        Thread thread = new Thread(r, "simulator");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong started = new AtomicLong();
    private final java.util.Queue<SimulatedJob> hanging = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final SimulationProgress counts = new SimulationProgress();
    private volatile boolean accepting = true;
    private long startNanos;

    public FleetSimulator(SimulatorOptions options, RedisConnections connections, PrintStream out) {
        this(options, connections, out, options.redisUrl().replaceAll("//[^@/]*@", "//***@"));
    }

    FleetSimulator(SimulatorOptions options, RedisConnections connections, PrintStream out, String target) {
        this.options = options;
        this.target = target;
        this.writer = new TomWriter(connections);
        this.leases = new DeviceLeases(connections);
        this.saqJobs = new SaqJobs(connections);
        this.out = out;
        for (int i = 1; i <= options.workers(); i++) {
            workers.add(String.format("sim-worker-%02d", i));
        }
        for (int i = 1; i <= options.devices(); i++) {
            devices.add(SimulatedJob.deviceName(i));
        }
    }

    /** Runs until the duration is over or {@link #stop()} is called, then lets the jobs in flight finish. */
    public void run() throws InterruptedException {
        startNanos = System.nanoTime();
        out.printf("simulate: %d workers, %d devices, %.1f jobs/s, failure rate %.2f, writing to %s%s%n",
                options.workers(), options.devices(), options.rate(), options.failureRate(),
                target,
                options.duration().isZero() ? " until Ctrl-C" : " for " + options.duration().toSeconds() + " s");
        out.println("simulate: a job that finds its device busy (another job holds its lease) is retried as SAQ"
                + " retries, and fails as gating after " + LEASE_TRIES + " tries: such failures come on top of the"
                + " failure rate, and the more often the fewer devices there are for the rate");
        scheduler.scheduleAtFixedRate(this::heartbeats, 0, HEARTBEAT_PERIOD_SECONDS, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(this::startDueJobs, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(() -> out.println(progress()), PROGRESS_PERIOD_SECONDS,
                PROGRESS_PERIOD_SECONDS, TimeUnit.SECONDS);
        try {
            if (options.duration().isZero()) {
                stopRequested.await();
            } else {
                stopRequested.await(options.duration().toMillis(), TimeUnit.MILLISECONDS);
            }
            accepting = false;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (counts.inFlight.get() > 0 && System.nanoTime() < deadline) {
                // a job may have begun hanging just as the simulator stopped
                letHangingJobsGo();
                Thread.sleep(20);
            }
            scheduler.shutdownNow();
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            out.println(progress().replace("simulate:", "simulate: done,"));
        } finally {
            finished.countDown();
        }
    }

    public void stop() {
        stopRequested.countDown();
    }

    /** Stops and waits for {@link #run} to finish, as a shutdown hook must. */
    void stopAndAwait() {
        stop();
        try {
            finished.await(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The simulated workers' ids. */
    public List<String> workers() {
        return List.copyOf(workers);
    }

    /** The simulated devices' ids. */
    public List<String> devices() {
        return List.copyOf(devices);
    }

    public long jobsWritten() {
        return counts.written();
    }

    public long jobsFailed() {
        return counts.failed();
    }

    String progress() {
        return counts.line((System.nanoTime() - startNanos) / 1e9);
    }

    private void heartbeats() {
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < workers.size(); i++) {
            try {
                writer.heartbeat(new Heartbeat(workers.get(i), System.currentTimeMillis() / 1000.0,
                        "sim-host-" + (i + 1), "1.4.2-sim", "running", pid * 100 + i));
            } catch (JedisException e) {
                counts.writeErrors.incrementAndGet();
            }
        }
    }

    private void startDueJobs() {
        if (!accepting) {
            return;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long due = (long) (elapsed * options.rate()) + 1;
        while (started.get() < due && accepting) {
            startJob(started.incrementAndGet());
        }
    }

    private void startJob(long sequence) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        SimulatedJob job = new SimulatedJob("sim-" + Long.toString(sequence, 36) + "-" + Integer.toHexString(random.nextInt()),
                workers.get(random.nextInt(workers.size())), devices.get(random.nextInt(devices.size())));
        counts.inFlight.incrementAndGet();
        try {
            job.saq = SaqJob.queued(options.queue(), job.id, "run_command", job.kwargs(), SimulatedJob.TIMEOUT_SECONDS,
                    System.currentTimeMillis());
            saqJobs.enqueue(job.saq);
            scheduler.schedule(() -> begin(job), random.nextLong(10, 150), TimeUnit.MILLISECONDS);
        } catch (JedisException e) {
            counts.writeErrors.incrementAndGet();
            counts.inFlight.decrementAndGet();
        }
    }

    private void begin(SimulatedJob job) {
        try {
            job.saq = job.saq.started(System.currentTimeMillis());
            saqJobs.start(job.saq);
            if (job.startedNanos == 0) {
                job.startedNanos = System.nanoTime();
            }
            acquireLeaseAndRun(job, 1);
        } catch (JedisException e) {
            counts.writeErrors.incrementAndGet();
            counts.inFlight.decrementAndGet();
        }
    }

    /**
     * A device that is busy makes the job a delayed retry, as Tom's gating does with SAQ: scheduled
     * in the queue's incomplete set, then back in the queue when due; after a few tries it fails.
     */
    private void acquireLeaseAndRun(SimulatedJob job, int attempt) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            if (leases.acquire(job.host(), job.port(), job.id, 60, 1)) {
                if (accepting && random.nextDouble() < options.hangRate()) {
                    // a stuck device session: it stays active, holding the lease, until the simulator stops
                    hanging.add(job);
                    counts.hanging.incrementAndGet();
                    return;
                }
                scheduler.schedule(() -> finish(job, SimulatedJob.failureType(random, options.failureRate()), true),
                        random.nextLong(50, 600), TimeUnit.MILLISECONDS);
            } else if (attempt < LEASE_TRIES && accepting) {
                long delayMillis = random.nextLong(1_000, 2_000);
                job.saq = job.saq.retryAt((System.currentTimeMillis() + delayMillis + 999) / 1000);
                saqJobs.retryLater(job.saq);
                scheduler.schedule(() -> retry(job, attempt + 1), delayMillis, TimeUnit.MILLISECONDS);
            } else {
                finish(job, ErrorType.GATING, false);
            }
        } catch (JedisException e) {
            counts.writeErrors.incrementAndGet();
            counts.inFlight.decrementAndGet();
        }
    }

    /** Hanging jobs end as timeouts when the simulator stops, so no job stays active in Redis after it. */
    private void letHangingJobsGo() {
        for (SimulatedJob job = hanging.poll(); job != null; job = hanging.poll()) {
            counts.hanging.decrementAndGet();
            finish(job, ErrorType.TIMEOUT, true);
        }
    }

    private void retry(SimulatedJob job, int attempt) {
        try {
            job.saq = job.saq.retryAt(0);
            saqJobs.requeue(job.saq);
            job.saq = job.saq.started(System.currentTimeMillis());
            saqJobs.start(job.saq);
            acquireLeaseAndRun(job, attempt);
        } catch (JedisException e) {
            counts.writeErrors.incrementAndGet();
            counts.inFlight.decrementAndGet();
        }
    }

    private void finish(SimulatedJob job, ErrorType errorType, boolean leased) {
        double duration = (System.nanoTime() - job.startedNanos) / 1e9;
        long now = System.currentTimeMillis() / 1000;
        try {
            writer.recordJob(job.outcome(errorType, duration, now));
            counts.recorded(errorType);
            if (leased) {
                leases.release(job.host(), job.port(), job.id);
            }
            job.saq = job.saq.finished(System.currentTimeMillis(), errorType == null);
            saqJobs.finish(job.saq);
        } catch (JedisException e) {
            counts.writeErrors.incrementAndGet();
        } finally {
            counts.inFlight.decrementAndGet();
        }
    }
}
