package io.tom.monitoring.writer;

/** What a worker says in its heartbeat, every 30 s. */
public record WorkerHeartbeat(String workerId, String hostname, double epochSeconds, String version, String status,
        long pid) {
}
