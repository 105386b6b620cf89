package io.updraft.dispatch;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.updraft.UpdraftException;
import io.updraft.config.UpdraftConfig;
import io.updraft.json.Json;
import io.updraft.run.LogPaths;
import io.updraft.run.RunReads;
import io.updraft.run.TaskOutcome;
import io.updraft.secrets.SecretsMasker;
import io.updraft.config.ConnectionStore;
import io.updraft.config.VariableStore;
import io.updraft.auth.JwtCodec;
import io.updraft.auth.Principal;
import io.updraft.auth.Principals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Task Execution API remote workers use (Airflow 3's is {@code /execution/} too): long-poll for a try, heartbeat,
 * stream the try's log, report its end, and read XComs, variables and connections. Workers never touch the
 * database. A worker account (role {@code worker}) fetches tries; each try comes with a token good for that try alone,
 * which its log and result must carry.
 */
@Controller("/execution")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExecutionController {

    /** A long poll waits at most this long, under any load balancer's idle timeout. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** Tries handed out by one fetch at most. */
    static final int MAX_SLOTS = 64;
    /** A try's token outlives a worker's silence this much beyond the zombie threshold (heartbeats renew it). */
    static final Duration TOKEN_MARGIN = Duration.ofSeconds(10);

    private final RunningQueues runningQueues;
    private final RunReads runs;
    private final VariableStore variables;
    private final ConnectionStore connections;
    private final Path logsFolder;
    private final JwtCodec jwt;

    public ExecutionController(RunningQueues queues, RunReads runs, VariableStore variables,
            ConnectionStore connections, UpdraftConfig config, JwtCodec jwt) {
        this.runningQueues = queues;
        this.runs = runs;
        this.variables = variables;
        this.connections = connections;
        this.logsFolder = config.logsFolder();
        this.jwt = jwt;
    }

    @Post("/workers/{worker}/fetch")
    @ExecuteOn(TaskExecutors.IO)
    public CompletableFuture<MutableHttpResponse<String>> fetch(@PathVariable String worker, @Body String text,
            HttpRequest<?> request) {
        Map<String, Object> body = Json.readObject(text);
        List<String> queues = strings(body.get("queues"));
        Duration wait = Duration.ofMillis(Math.min(MAX_WAIT.toMillis(),
                Math.max(0, Math.round(number(body.get("wait_seconds"), 20) * 1000))));
        int slots = (int) Math.max(1, Math.min(MAX_SLOTS, number(body.get("slots"), 1)));
        Principal principal = principal(request);
        return queues().fetch(worker, string(body.get("hostname"), worker), queues, slots, wait).thenApply(claims -> {
            if (claims.isEmpty()) {
                return HttpResponse.<String>status(HttpStatus.NO_CONTENT);
            }
            List<Map<String, Object>> tries = new java.util.ArrayList<>();
            for (WorkerQueues.Claim claim : claims) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("try_id", claim.tryId());
                one.put("token", tryToken(principal, claim.tryId()));
                one.put("workload", Json.read(claim.workload()));
                tries.add(one);
            }
            return json(Map.of("tries", tries));
        });
    }

    @Post("/workers/{worker}/heartbeat")
    public MutableHttpResponse<String> heartbeat(@PathVariable String worker, @Body String text,
            HttpRequest<?> request) {
        Map<String, Object> body = Json.readObject(text);
        List<String> running = strings(body.get("running"));
        queues().heartbeat(worker,
                string(body.get("hostname"), worker), strings(body.get("queues")),
                (int) number(body.get("concurrency"), 1), running.size());
        Map<String, String> stop = queues().toStop(worker, running);
        Map<String, String> tokens = new LinkedHashMap<>();
        Principal principal = principal(request);
        running.stream().filter(id -> !stop.containsKey(id)).forEach(id -> tokens.put(id, tryToken(principal, id)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("stop", stop);
        answer.put("tokens", tokens);
        return json(answer);
    }

    @Post(value = "/tries/{tryId}/logs", consumes = MediaType.TEXT_PLAIN)
    public HttpResponse<?> appendLog(@PathVariable String tryId, @Body @Nullable String text,
            HttpRequest<?> request) throws IOException {
        requireScope(request, tryId);
        Optional<Workload> workload = queues().workload(tryId);
        if (workload.isEmpty()) {
            return problem(HttpStatus.CONFLICT, "The try " + tryId + " is no longer queued");
        }
        if (text != null && !text.isEmpty()) {
            Path log = LogPaths.attemptLog(logsFolder, workload.get().taskInstance().key(),
                    workload.get().taskInstance().tryNumber());
            Files.createDirectories(log.getParent());
            // masked here too: the node knows the stored secrets, a worker may not
            Files.writeString(log, SecretsMasker.global().mask(text), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        return HttpResponse.noContent();
    }

    @Post("/tries/{tryId}/finish")
    public HttpResponse<?> finish(@PathVariable String tryId, @Body String text, HttpRequest<?> request)
            throws IOException {
        requireScope(request, tryId);
        Map<String, Object> body = Json.readObject(text);
        TaskOutcome outcome = Json.MAPPER.convertValue(body.get("outcome"), TaskOutcome.class);
        Instant endedAt = body.get("ended_at") instanceof String ended ? Instant.parse(ended) : Instant.now();
        if (outcome == null || outcome.result() == null) {
            return problem(HttpStatus.BAD_REQUEST, "The body needs an outcome with a result");
        }
        if (body.get("log") instanceof String rest && !rest.isEmpty()) {
            appendLog(tryId, rest, request); // the end of the log comes with the result
        }
        if (!queues().finish(tryId, string(body.get("worker"), ""), outcome, endedAt)) {
            return problem(HttpStatus.CONFLICT, "The result of try " + tryId + " is refused: the try is not this "
                    + "worker's, was withdrawn, or already ended");
        }
        return HttpResponse.noContent();
    }

    @Get("/xcoms/{dagId}/{runId}")
    public MutableHttpResponse<String> xcoms(@PathVariable String dagId, @PathVariable String runId,
            @QueryValue("task_id") @Nullable String taskId) {
        return json(runs.xcoms(dagId, runId, taskId));
    }

    @Get("/previous-success/{dagId}")
    public MutableHttpResponse<String> previousSuccess(@PathVariable String dagId, @QueryValue String before) {
        return json(runs.previousSuccess(dagId, Instant.parse(before)).orElse(null));
    }

    @Get("/variables")
    public MutableHttpResponse<String> variables() {
        return json(variables.list(Integer.MAX_VALUE, 0));
    }

    @Get("/variables/{+key}")
    public MutableHttpResponse<String> variable(@PathVariable String key) {
        return json(variables.find(key).orElse(null));
    }

    @Get("/connections")
    public MutableHttpResponse<String> connections() {
        return json(connections.list(Integer.MAX_VALUE, 0));
    }

    @Get("/connections/{connectionId}")
    public MutableHttpResponse<String> connection(@PathVariable String connectionId) {
        return json(connections.find(connectionId).orElse(null));
    }

    private WorkerQueues queues() {
        return runningQueues.current().orElseThrow(() -> new IllegalStateException(
                "this process runs no engine, so it has no tries for workers"));
    }

    /** A token for one try: it lives as long as a zombie may stay silent, and each heartbeat renews it. */
    private String tryToken(Principal worker, String tryId) {
        Duration lifetime = queues().zombieThreshold().plus(TOKEN_MARGIN);
        return jwt.issue(new Principal(worker.username(), worker.role(), tryId), lifetime);
    }

    private static Principal principal(HttpRequest<?> request) {
        return Principals.of(request).orElseThrow(() -> new IllegalStateException("no principal on the request"));
    }

    private static void requireScope(HttpRequest<?> request, String tryId) {
        Principal principal = principal(request);
        if (!tryId.equals(principal.scope())) {
            throw new ForbiddenTry(tryId);
        }
    }

    private static MutableHttpResponse<String> json(Object value) {
        return HttpResponse.ok(Json.write(value)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static MutableHttpResponse<String> problem(HttpStatus status, String detail) {
        return HttpResponse.<String>status(status).body(Json.write(Map.of("detail", detail)))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("expected a list of strings, got " + value);
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static String string(Object value, String fallback) {
        return value == null ? fallback : String.valueOf(value);
    }

    private static double number(Object value, double fallback) {
        return value instanceof Number n ? n.doubleValue() : fallback;
    }

    /** A try's log or result sent with a token that is not that try's. */
    static final class ForbiddenTry extends UpdraftException {
        ForbiddenTry(String tryId) {
            super("this token is not for try " + tryId + ": use the token the try came with");
        }
    }

    @io.micronaut.http.annotation.Error(exception = ForbiddenTry.class)
    public MutableHttpResponse<String> forbidden(ForbiddenTry e) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @io.micronaut.http.annotation.Error(exception = IllegalArgumentException.class)
    public MutableHttpResponse<String> badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }
}
