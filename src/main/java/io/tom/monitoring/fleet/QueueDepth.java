package io.tom.monitoring.fleet;

/** An SAQ queue: jobs waiting ({@code saq:{queue}:queued}) and being processed ({@code :active}). */
public record QueueDepth(String queue, long queued, long active) {
}
