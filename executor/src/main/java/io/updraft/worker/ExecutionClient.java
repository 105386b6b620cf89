package io.updraft.worker;

import io.updraft.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP calls to a node's Task Execution API, as one worker account. Logs in on first use and again when its token
 * expires. Thread-safe.
 */
final class ExecutionClient {

    /** An answer: the status and the body (JSON, or empty). */
    record Answer(int status, String body) {
        Map<String, Object> json() {
            return Json.readObject(body);
        }
    }

    private final List<URI> apiUrls;
    /** The node in use: on a connection failure the next one of the list is used. */
    private final AtomicInteger current = new AtomicInteger();
    private final String user;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile String token;

    /**
     * @param apiUrls the nodes' base URLs ({@code http://host:8080}), or one load balancer's
     * @param user the worker account (role worker), or null when the node runs without authentication
     */
    ExecutionClient(List<URI> apiUrls, String user, String password) {
        if (apiUrls.isEmpty()) {
            throw new IllegalArgumentException("give at least one API URL");
        }
        this.apiUrls = apiUrls.stream().map(URI::toString)
                .map(text -> URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text)).toList();
        this.user = user;
        this.password = password;
    }

    URI apiUrl() {
        return apiUrls.get(Math.floorMod(current.get(), apiUrls.size()));
    }

    Answer post(String path, String tryToken, String contentType, String body, Duration timeout)
            throws IOException, InterruptedException {
        return send(path, tryToken, timeout, builder -> builder.header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    Answer postJson(String path, String tryToken, Object body, Duration timeout)
            throws IOException, InterruptedException {
        return post(path, tryToken, "application/json", Json.write(body), timeout);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(path, null, Duration.ofSeconds(30), HttpRequest.Builder::GET);
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Answer send(String path, String tryToken, Duration timeout,
            java.util.function.UnaryOperator<HttpRequest.Builder> method) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            int index = current.get();
            URI node = apiUrls.get(Math.floorMod(index, apiUrls.size()));
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(node + path)).timeout(timeout);
            String bearer = tryToken != null ? tryToken : accountToken(attempt > 0);
            if (bearer != null) {
                builder.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response;
            try {
                response = http.send(method.apply(builder).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
                // this node is gone: the next call goes to the next one (its account token is as good there)
                current.compareAndSet(index, index + 1);
                throw e;
            }
            if (response.statusCode() == 401 && tryToken == null && attempt == 0 && user != null) {
                continue; // the account's token expired: log in again once
            }
            return new Answer(response.statusCode(), response.body());
        }
    }

    private String accountToken(boolean renew) throws IOException, InterruptedException {
        if (user == null) {
            return null;
        }
        String known = token;
        if (known != null && !renew) {
            return known;
        }
        URI node = apiUrl();
        HttpRequest login = HttpRequest.newBuilder(URI.create(node + "/auth/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", user, "password",
                        password == null ? "" : password)))).build();
        HttpResponse<String> response;
        try {
            response = http.send(login, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException | java.net.http.HttpConnectTimeoutException e) {
            current.incrementAndGet();
            throw e;
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("login as '" + user + "' at " + node + " failed: HTTP " + response.statusCode()
                    + " " + response.body());
        }
        token = Optional.ofNullable(Json.readObject(response.body()).get("access_token")).map(String::valueOf)
                .orElseThrow(() -> new IOException("the login answer has no access_token"));
        return token;
    }
}
