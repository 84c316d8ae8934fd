package io.tom.monitoring.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.tom.monitoring.domain.ActiveJob;
import io.tom.monitoring.domain.MalformedRecords;
import io.tom.monitoring.fleet.ActiveJobsReader;
import io.tom.monitoring.http.ApiException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * {@code GET /api/monitoring/active_jobs?queue=&limit=}: the jobs SAQ's queues are processing,
 * longest-running first, with the device each one works on and whether it runs past its timeout.
 */
public final class ActiveJobsResponder implements Processor {

    private final ActiveJobsReader reader;

    public ActiveJobsResponder(ActiveJobsReader reader) {
        this.reader = reader;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        Optional<String> queue = FailedCommandsResponder.parameter(message, "queue");
        if (queue.isPresent() && !reader.queues().contains(queue.get())) {
            throw ApiException.badRequest("queue must be one of the queues this controller reports (TOM_QUEUES: "
                    + String.join(", ", reader.queues()) + "), got '" + queue.get() + "'");
        }
        int limit = FailedCommandsResponder.parameter(message, "limit").map(FailedCommandsResponder::parseLimit)
                .orElse(FailedCommandsResponder.DEFAULT_LIMIT);

        MalformedRecords malformed = new MalformedRecords();
        List<Running> running = new ArrayList<>();
        for (ActiveJobsReader.QueueActivity activity : reader.read(malformed)) {
            if (queue.isPresent() && !queue.get().equals(activity.queue())) {
                continue;
            }
            if (!activity.readable()) {
                malformed.record(MalformedRecords.Kind.QUEUE);
                continue;
            }
            for (ActiveJob job : activity.jobs()) {
                running.add(new Running(job, job.secondsRunning(activity.nowSeconds()), activity.overdue(job)));
            }
        }
        running.sort(Comparator.comparingDouble(Running::seconds).reversed());
        long overdue = running.stream().filter(Running::overdue).count();
        List<ApiResponses.ActiveJobRow> rows = running.stream().limit(limit).map(ActiveJobsResponder::view).toList();
        message.setBody(new ApiResponses.ActiveJobs(rows, running.size(), overdue, malformed.skipped()));
    }

    private record Running(ActiveJob job, double seconds, boolean overdue) {
    }

    private static ApiResponses.ActiveJobRow view(Running running) {
        ActiveJob job = running.job();
        return new ApiResponses.ActiveJobRow(job.queue(), job.key(), job.function(), job.host(), job.port(),
                job.deviceType(), job.startedMillis() == 0 ? null : IsoTimestamps.ofEpochMillis(job.startedMillis()),
                (long) running.seconds(), job.timeoutSeconds(), running.overdue(), job.worker());
    }
}
