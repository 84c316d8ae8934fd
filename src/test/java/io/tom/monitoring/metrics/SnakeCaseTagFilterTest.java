package io.tom.monitoring.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SnakeCaseTagFilterTest {

    @Test
    void camelCaseTagKeysBecomeSnakeCase() {
        assertEquals("route_id", SnakeCaseTagFilter.snakeCase("routeId"));
        assertEquals("camel_context", SnakeCaseTagFilter.snakeCase("camelContext"));
        assertEquals("event_type", SnakeCaseTagFilter.snakeCase("eventType"));
        assertEquals("already_snake", SnakeCaseTagFilter.snakeCase("already_snake"));
        assertEquals("uri", SnakeCaseTagFilter.snakeCase("URI"));
        assertEquals("http2_version", SnakeCaseTagFilter.snakeCase("http2Version"));
    }
}
