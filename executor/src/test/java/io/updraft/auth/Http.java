package io.updraft.auth;

import io.updraft.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Real HTTP calls to the test server with the JDK client, which never turns a 4xx into an exception. */
final class Http {

    /** A response: status, content type and body. */
    record Reply(int status, String contentType, String body) {
        Map<String, Object> json() {
            return Json.readObject(body);
        }
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    Reply send(String method, String path, String authorization, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path, String authorization) {
        return send("GET", path, authorization, null, null);
    }

    String token(String username, String password) {
        Reply reply = send("POST", "/auth/token", null, "application/json",
                Json.write(Map.of("username", username, "password", password)));
        if (reply.status() != 201) {
            throw new AssertionError("no token for " + username + ": " + reply);
        }
        return "Bearer " + reply.json().get("access_token");
    }

    static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
