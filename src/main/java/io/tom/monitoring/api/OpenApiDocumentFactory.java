package io.tom.monitoring.api;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.openapi.OpenApiRestApiProcessorFactory;
import org.apache.camel.spi.RestApiProcessorFactory;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Serves the OpenAPI document Camel generates from routes/monitoring-api.yaml, completed with what
 * the REST DSL cannot say: a numeric parameter's default as a number (Camel writes the string
 * {@code "100"}, which the OpenAPI schema rejects) and the bounds the responders enforce. Camel
 * finds this factory in the registry and uses it for {@code /api/monitoring/openapi.json}.
 */
public final class OpenApiDocumentFactory implements RestApiProcessorFactory {

    /** The query parameters' bounds, as the responders check them. */
    private static final Map<String, long[]> BOUNDS = Map.of(
            "limit", new long[] {1, FailedCommandsResponder.MAX_LIMIT},
            "since", new long[] {0, Long.MAX_VALUE});

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RestApiProcessorFactory generator = new OpenApiRestApiProcessorFactory();

    @Override
    public Processor createApiProcessor(CamelContext camelContext, String contextPath, RestConfiguration configuration,
            Map<String, Object> parameters) throws Exception {
        Processor generated = generator.createApiProcessor(camelContext, contextPath, configuration, parameters);
        // Camel starts the processor it gets from a factory; this one is wrapped, so it is started here
        CamelContextAware.trySetCamelContext(generated, camelContext);
        ServiceHelper.startService(generated);
        return exchange -> {
            generated.process(exchange);
            complete(exchange);
        };
    }

    private static void complete(Exchange exchange) throws Exception {
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || !body.trim().startsWith("{")) {
            return;
        }
        JsonNode document = JSON.readTree(body);
        for (JsonNode path : document.path("paths")) {
            for (JsonNode operation : path) {
                for (JsonNode parameter : operation.path("parameters")) {
                    if (parameter.path("schema") instanceof ObjectNode schema) {
                        complete(parameter.path("name").asText(), schema);
                    }
                }
            }
        }
        exchange.getMessage().setBody(JSON.writeValueAsString(document));
    }

    private static void complete(String name, ObjectNode schema) {
        String type = schema.path("type").asText();
        if (!type.equals("integer") && !type.equals("number")) {
            return;
        }
        JsonNode fallback = schema.get("default");
        if (fallback != null && fallback.isTextual()) {
            if (type.equals("integer")) {
                schema.put("default", Long.parseLong(fallback.asText()));
            } else {
                schema.put("default", Double.parseDouble(fallback.asText()));
            }
        }
        long[] bounds = BOUNDS.get(name);
        if (bounds != null) {
            schema.put("minimum", bounds[0]);
            if (bounds[1] != Long.MAX_VALUE) {
                schema.put("maximum", bounds[1]);
            }
        }
    }
}
