package io.tom.monitoring.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import io.tom.monitoring.fleet.FleetSnapshot;
import io.tom.monitoring.fleet.FleetSnapshotReader;
import io.tom.monitoring.domain.Heartbeat;
import io.tom.monitoring.redis.RedisRefusal;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code GET /api/monitoring/workers}: every worker with a heartbeat in Redis, and its health. */
public final class WorkersResponder implements Processor {

    static final double HEALTHY_SECONDS = 60;
    static final double STALE_SECONDS = 180;

    private final FleetSnapshotReader reader;

    public WorkersResponder(FleetSnapshotReader reader) {
        this.reader = reader;
    }

    @Override
    public void process(Exchange exchange) {
        FleetSnapshot fleet = reader.read(EnumSet.of(FleetSnapshotReader.Part.HEARTBEATS)).complete();
        List<ApiResponses.Worker> workers = new ArrayList<>();
        for (Heartbeat heartbeat : fleet.heartbeats().values()) {
            double age = heartbeat.ageSeconds(fleet.redisTimeSeconds());
            workers.add(new ApiResponses.Worker(heartbeat.workerId(), status(age),
                    IsoTimestamps.ofEpochSeconds(heartbeat.timestampSeconds()), (long) age,
                    heartbeat.hostname(), heartbeat.version(), heartbeat.pid()));
        }
        exchange.getMessage().setBody(new ApiResponses.Workers(workers, workers.size(),
                fleet.malformed().skipped()));
    }

    static String status(double ageSeconds) {
        if (ageSeconds < HEALTHY_SECONDS) {
            return "healthy";
        }
        return ageSeconds < STALE_SECONDS ? "stale" : "unhealthy";
    }
}
