package io.tom.monitoring.metrics;

import java.io.ByteArrayOutputStream;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Answers a scrape: everything registered on the Prometheus registry (the tom_* collector, Camel
 * route metrics, JVM metrics) in the format the {@code Accept} header asks for, written by the
 * Prometheus client library.
 */
public final class PrometheusScrapeResponder implements Processor {

    private final PrometheusRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();

    public PrometheusScrapeResponder(PrometheusRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        ExpositionFormatWriter writer = formats.findWriter(message.getHeader("Accept", String.class));
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        writer.write(body, registry.scrape());
        message.removeHeaders("*");
        message.setHeader(Exchange.CONTENT_TYPE, writer.getContentType());
        message.setBody(body.toByteArray());
    }

}
