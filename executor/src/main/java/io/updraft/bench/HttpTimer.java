package io.updraft.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Latency of one kind of call to a running service, as a client on loopback sees it: sequential requests (one
 * client, so the figure is the server's time plus loopback), a quarter as many warm-up requests first (JIT,
 * connection, caches), then p50 and p99 over {@code samples}. Request {@code i} goes to {@code path.apply(i)}, so a
 * measurement can spread over DAGs and runs. Any answer other than 2xx stops the benchmark.
 */
final class HttpTimer {

    /** @param kilobytes mean response size */
    record Timing(double p50, double p99, double kilobytes) {
    }

    private final StandaloneProcess service;
    private final String token;
    private final int samples;

    HttpTimer(StandaloneProcess service, String token, int samples) {
        this.service = service;
        this.token = token;
        this.samples = samples;
    }

    int samples() {
        return samples;
    }

    Timing get(IntFunction<String> path) throws Exception {
        return time(path, null);
    }

    /** POSTs {@code jsonBody.apply(i)}. */
    Timing post(IntFunction<String> path, IntFunction<String> jsonBody) throws Exception {
        return time(path, jsonBody);
    }

    private Timing time(IntFunction<String> path, IntFunction<String> jsonBody) throws Exception {
        List<Double> millis = new ArrayList<>();
        long bytes = 0;
        int warmUp = Math.max(5, samples / 4);
        for (int i = 0; i < warmUp + samples; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.base + path.apply(i)))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
            if (jsonBody != null) {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(jsonBody.apply(i)));
            }
            long start = System.nanoTime();
            HttpResponse<byte[]> response = service.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path.apply(i) + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            if (i >= warmUp) {
                millis.add(elapsed);
                bytes += response.body().length;
            }
        }
        return new Timing(Percentiles.of(millis, 50), Percentiles.of(millis, 99), bytes / 1024.0 / samples);
    }
}
