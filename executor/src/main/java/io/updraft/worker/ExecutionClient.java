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
import java.util.Map;
import java.util.Optional;

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

    private final URI apiUrl;
    private final String user;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile String token;

    /**
     * @param apiUrl the node's base URL ({@code http://host:8080})
     * @param user the worker account (role worker), or null when the node runs without authentication
     */
    ExecutionClient(URI apiUrl, String user, String password) {
        String text = apiUrl.toString();
        this.apiUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.user = user;
        this.password = password;
    }

    URI apiUrl() {
        return apiUrl;
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
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(timeout);
            String bearer = tryToken != null ? tryToken : accountToken(attempt > 0);
            if (bearer != null) {
                builder.header("Authorization", "Bearer " + bearer);
            }
            HttpResponse<String> response = http.send(method.apply(builder).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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
        String current = token;
        if (current != null && !renew) {
            return current;
        }
        HttpRequest login = HttpRequest.newBuilder(URI.create(apiUrl + "/auth/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("username", user, "password",
                        password == null ? "" : password)))).build();
        HttpResponse<String> response = http.send(login, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("login as '" + user + "' at " + apiUrl + " failed: HTTP " + response.statusCode()
                    + " " + response.body());
        }
        token = Optional.ofNullable(Json.readObject(response.body()).get("access_token")).map(String::valueOf)
                .orElseThrow(() -> new IOException("the login answer has no access_token"));
        return token;
    }
}
