package io.updraft.server.metrics;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/** {@code GET /metrics}: this node's figures for Prometheus to scrape (open, as a health check is). */
@Controller("/metrics")
public class MetricsController {

    private final NodeMetrics metrics;

    MetricsController(NodeMetrics metrics) {
        this.metrics = metrics;
    }

    @Get
    @Produces("text/plain; version=0.0.4; charset=utf-8")
    public String scrape() {
        return metrics.scrape();
    }
}
