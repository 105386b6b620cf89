package io.updraft.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which role a REST call needs, as Airflow's simple auth manager decides it: reading needs viewer; writing DAGs,
 * runs, task instances, XComs and backfills needs user (Airflow 3.1 authorizes backfills as DAG runs); writing
 * pools and assets needs op; connections and
 * variables need op even to read; anything unknown that writes needs admin. Health and version are open.
 * Updraft's {@code /api/ml} (model registry) takes Bearer tokens as v2 does: viewer reads and predicts (a
 * prediction changes nothing but the prediction log), op promotes and rolls back. The Task Execution API
 * ({@code /execution/}) is for the role {@code worker} (and admin) alone.
 */
public final class AccessRules {

    /** The API a path belongs to. */
    public enum Api { V1, V2, ML, EXECUTION }

    /** What a request needs: nothing (open), or a role at least as strong as {@code role}. */
    public record Requirement(Api api, Role role) {
        public boolean open() {
            return role == null;
        }
    }

    private static final Set<String> OP_FOR_ALL = Set.of("connections", "variables");
    private static final Set<String> OP_TO_WRITE = Set.of("pools", "assets", "datasets", "config");
    private static final Set<String> USER_TO_WRITE = Set.of("dags", "dagSources", "dagStats", "dagReports",
            "dagWarnings", "dagTags", "dagVersions", "eventLogs", "importErrors", "parseDagFile", "taskInstances",
            "xcomEntries", "backfills");

    /** @return empty when the path is not under {@code /api/v1}, {@code /api/v2} or {@code /ui/} */
    public Optional<Requirement> requirement(String method, String path) {
        if (path.startsWith("/ui/")) {
            // the UI's aggregates only read; its changes go through /api/v2 and its rules
            String upper = method.toUpperCase(Locale.ROOT);
            return Optional.of(new Requirement(Api.V2, upper.equals("GET") || upper.equals("HEAD")
                    ? Role.VIEWER : Role.ADMIN));
        }
        Api api;
        String rest;
        if (path.startsWith("/api/v2/") || path.equals("/api/v2")) {
            api = Api.V2;
            rest = path.substring("/api/v2".length());
        } else if (path.startsWith("/api/v1/") || path.equals("/api/v1")) {
            api = Api.V1;
            rest = path.substring("/api/v1".length());
        } else if (path.startsWith("/execution/")) {
            // the Task Execution API: remote workers only (their role may do nothing else)
            return Optional.of(new Requirement(Api.EXECUTION, Role.WORKER));
        } else if (path.startsWith("/api/ml/") || path.equals("/api/ml")) {
            return Optional.of(new Requirement(Api.ML, mlRole(method.toUpperCase(Locale.ROOT), path)));
        } else {
            return Optional.empty();
        }
        if (isOpen(api, rest)) {
            return Optional.of(new Requirement(api, null));
        }
        return Optional.of(new Requirement(api, role(method.toUpperCase(Locale.ROOT), rest)));
    }

    private static boolean isOpen(Api api, String rest) {
        return switch (api) {
            // Airflow 3 mounts monitor, version and auth routers outside its authenticated router
            case V2 -> rest.equals("/monitor/health") || rest.equals("/version") || rest.startsWith("/auth/");
            case V1 -> rest.equals("/health") || rest.equals("/version");
            case ML, EXECUTION -> false;
        };
    }

    private static Role mlRole(String method, String path) {
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || (method.equals("POST") && path.endsWith("/predict"))) {
            return Role.VIEWER;
        }
        if (method.equals("POST") && path.endsWith("/feedback")) {
            return Role.USER; // true labels are data, as a trigger's conf is
        }
        if (method.equals("POST") && (path.endsWith("/promote") || path.endsWith("/rollback"))) {
            return Role.OP;
        }
        return Role.ADMIN;
    }

    private static Role role(String method, String rest) {
        boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                // the batch list endpoints (POST .../dagRuns/list, .../taskInstances/list) only read
                || (method.equals("POST") && rest.endsWith("/list"));
        String[] segments = rest.split("/");
        String resource = segments.length > 1 ? segments[1] : "";
        if (OP_FOR_ALL.contains(resource)) {
            return Role.OP;
        }
        if (read) {
            return Role.VIEWER;
        }
        if (resource.equals("dags") && segments.length > 3 && segments[3].equals("assets")) {
            return Role.OP; // a DAG's queued asset events: Airflow asks asset DELETE (op) as well as DAG PUT
        }
        if (USER_TO_WRITE.contains(resource)) {
            return Role.USER;
        }
        if (OP_TO_WRITE.contains(resource)) {
            return Role.OP;
        }
        return Role.ADMIN;
    }
}
