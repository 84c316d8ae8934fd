package io.tom.monitoring.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.tom.monitoring.redis.RedisRefusalLog;
import io.tom.monitoring.support.CapturedLog;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * A fault every request meets (an OutOfMemoryError, a bug) is answered 500 each time but logged
 * with its trace once a minute per kind, not once per request: 1,000 failures, one line.
 */
class UnexpectedFailureLogTest {

    @Test
    void aFailureEveryRequestMeetsIsOneLineAMinuteNotOnePerRequest() throws Exception {
        ApiErrorResponder responder = new ApiErrorResponder(new RedisRefusalLog("redis"));
        try (DefaultCamelContext context = new DefaultCamelContext(); CapturedLog log = new CapturedLog()) {
            for (int i = 0; i < 1000; i++) {
                Exchange exchange = new DefaultExchange(context);
                exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new OutOfMemoryError("Java heap space"));
                responder.process(exchange);
                assertEquals(500, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE));
            }
            List<String> lines = log.linesWith("ERROR", "Unexpected failure while serving");
            assertEquals(1, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(0).contains("logged once a minute"), lines.get(0));
        }
    }
}
