package io.tom.monitoring.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Every log line written in this JVM while open, as {@code LEVEL logger - message}, for in-process tests. */
public final class CapturedLog implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    public CapturedLog() {
        appender = new AbstractAppender("captured-" + System.identityHashCode(this), null, null, true,
                Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String logger = event.getLoggerName();
                lines.add(event.getLevel() + " " + logger.substring(logger.lastIndexOf('.') + 1) + " - "
                        + event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines that contain every one of {@code parts}. */
    public List<String> linesWith(String... parts) {
        return lines.stream().filter(line -> List.of(parts).stream().allMatch(line::contains)).toList();
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
