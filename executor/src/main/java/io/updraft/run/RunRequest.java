package io.updraft.run;

import io.updraft.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A change asked of the engine that drives a run (the API's and CLI's clear, mark, note, XCom, delete), as data:
 * applied by this engine, or sent through the database to the node that drives the run when that is another one.
 */
sealed interface RunRequest {

    String dagId();

    String runId();

    /** Applies the change to the engine's copy of the run, recording its writes in the step. */
    Object apply(RunOperations operations, ActiveRun run, Decider.Step step);

    /** The answer as a caller of this node sees it, once another node applied the request: read from the store. */
    Object answer(RunStore store, String remoteAnswer);

    Map<String, Object> fields();

    record Clear(String dagId, String runId, List<TaskInstanceKey> keys) implements RunRequest {
        public Object apply(RunOperations operations, ActiveRun run, Decider.Step step) {
            return operations.clear(run, keys, step);
        }

        public Object answer(RunStore store, String remoteAnswer) {
            return instances(store, keys);
        }

        public Map<String, Object> fields() {
            return Map.of("keys", keyFields(keys));
        }
    }

    record SetStates(String dagId, String runId, List<TaskInstanceKey> keys, TaskState state) implements RunRequest {
        public Object apply(RunOperations operations, ActiveRun run, Decider.Step step) {
            return operations.setState(run, keys, state, step);
        }

        public Object answer(RunStore store, String remoteAnswer) {
            return instances(store, keys).stream().filter(ti -> ti.state() == state).toList();
        }

        public Map<String, Object> fields() {
            return Map.of("keys", keyFields(keys), "state", state.value());
        }
    }

    record SetRunState(String dagId, String runId, RunState state) implements RunRequest {
        public Object apply(RunOperations operations, ActiveRun run, Decider.Step step) {
            return operations.setRunState(run, state, step);
        }

        public Object answer(RunStore store, String remoteAnswer) {
            return store.findRun(dagId, runId).orElseThrow();
        }

        public Map<String, Object> fields() {
            return Map.of("state", state.value());
        }
    }

    record RunNote(String dagId, String runId, String note) implements RunRequest {
        public Object apply(RunOperations operations, ActiveRun run, Decider.Step step) {
            return operations.setRunNote(run, note, step);
        }

        public Object answer(RunStore store, String remoteAnswer) {
            return store.findRun(dagId, runId).orElseThrow();
        }

        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("note", note);
            return fields;
        }
    }

    record FailIfQueued(String dagId, String runId) implements RunRequest {
        public Object apply(RunOperations operations, ActiveRun run, Decider.Step step) {
            return operations.failIfQueued(run, step);
        }

        public Object answer(RunStore store, String remoteAnswer) {
            return store.findRun(dagId, runId).orElseThrow();
        }

        public Map<String, Object> fields() {
            return Map.of();
        }
    }

    record TaskNote(TaskInstanceKey key, String note) implements RunRequest {
        public String dagId() {
            return key.dagId();
        }

        public String runId() {
            return key.runId();
        }

        public Object apply(RunOperations operations, ActiveRun run, Decider.Step step) {
            return operations.setTaskInstanceNote(run, key, note, step);
        }

        public Object answer(RunStore store, String remoteAnswer) {
            return store.findTaskInstance(key).orElseThrow();
        }

        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("key", keyFields(List.of(key)).get(0));
            fields.put("note", note);
            return fields;
        }
    }

    record PutXCom(XCom xcom) implements RunRequest {
        public String dagId() {
            return xcom.dagId();
        }

        public String runId() {
            return xcom.runId();
        }

        public Object apply(RunOperations operations, ActiveRun run, Decider.Step step) {
            return operations.putXCom(run, xcom, step);
        }

        public Object answer(RunStore store, String remoteAnswer) {
            return xcom;
        }

        public Map<String, Object> fields() {
            return Map.of("task_id", xcom.taskId(), "map_index", xcom.mapIndex(), "key", xcom.key(),
                    "value", xcom.value(), "timestamp", xcom.timestamp().toString());
        }
    }

    record DeleteTaskInstance(TaskInstanceKey key) implements RunRequest {
        public String dagId() {
            return key.dagId();
        }

        public String runId() {
            return key.runId();
        }

        public Object apply(RunOperations operations, ActiveRun run, Decider.Step step) {
            return operations.deleteTaskInstance(run, key, step);
        }

        public Object answer(RunStore store, String remoteAnswer) {
            return Boolean.valueOf(remoteAnswer);
        }

        public Map<String, Object> fields() {
            return Map.of("key", keyFields(List.of(key)).get(0));
        }
    }

    record DeleteRun(String dagId, String runId) implements RunRequest {
        public Object apply(RunOperations operations, ActiveRun run, Decider.Step step) {
            return operations.deleteRun(run, step);
        }

        public Object answer(RunStore store, String remoteAnswer) {
            return Boolean.TRUE;
        }

        public Map<String, Object> fields() {
            return Map.of();
        }
    }

    /** The request as JSON, to send to another node. */
    static String encode(RunRequest request) {
        Map<String, Object> json = new LinkedHashMap<>(request.fields());
        json.put("kind", request.getClass().getSimpleName());
        json.put("dag_id", request.dagId());
        json.put("run_id", request.runId());
        return Json.write(json);
    }

    @SuppressWarnings("unchecked")
    static RunRequest decode(String text) {
        Map<String, Object> json = Json.readObject(text);
        String dagId = (String) json.get("dag_id");
        String runId = (String) json.get("run_id");
        List<TaskInstanceKey> keys = keys(dagId, runId, (List<Map<String, Object>>) json.get("keys"));
        Optional<TaskInstanceKey> key = json.containsKey("key")
                ? Optional.of(keys(dagId, runId, List.of((Map<String, Object>) json.get("key"))).get(0))
                : Optional.empty();
        return switch ((String) json.get("kind")) {
            case "Clear" -> new Clear(dagId, runId, keys);
            case "SetStates" -> new SetStates(dagId, runId, keys, TaskState.of((String) json.get("state")));
            case "SetRunState" -> new SetRunState(dagId, runId, RunState.of((String) json.get("state")));
            case "RunNote" -> new RunNote(dagId, runId, (String) json.get("note"));
            case "FailIfQueued" -> new FailIfQueued(dagId, runId);
            case "TaskNote" -> new TaskNote(key.orElseThrow(), (String) json.get("note"));
            case "PutXCom" -> new PutXCom(new XCom(dagId, runId, (String) json.get("task_id"),
                    ((Number) json.get("map_index")).intValue(), (String) json.get("key"), (String) json.get("value"),
                    Instant.parse((String) json.get("timestamp"))));
            case "DeleteTaskInstance" -> new DeleteTaskInstance(key.orElseThrow());
            case "DeleteRun" -> new DeleteRun(dagId, runId);
            default -> throw new IllegalArgumentException("unknown engine request " + json.get("kind"));
        };
    }

    private static List<Map<String, Object>> keyFields(List<TaskInstanceKey> keys) {
        return keys.stream().map(k -> Map.<String, Object>of("task_id", k.taskId(), "map_index", k.mapIndex()))
                .toList();
    }

    private static List<TaskInstanceKey> keys(String dagId, String runId, List<Map<String, Object>> fields) {
        List<TaskInstanceKey> keys = new ArrayList<>();
        for (Map<String, Object> key : fields == null ? List.<Map<String, Object>>of() : fields) {
            keys.add(new TaskInstanceKey(dagId, runId, (String) key.get("task_id"),
                    ((Number) key.get("map_index")).intValue()));
        }
        return keys;
    }

    private static List<TaskInstance> instances(RunStore store, List<TaskInstanceKey> keys) {
        List<TaskInstance> found = new ArrayList<>();
        keys.forEach(key -> store.findTaskInstance(key).ifPresent(found::add));
        return found;
    }
}
