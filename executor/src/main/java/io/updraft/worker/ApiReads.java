package io.updraft.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import io.updraft.json.Json;
import io.updraft.run.DagRun;
import io.updraft.run.RunReads;
import io.updraft.run.XCom;
import io.updraft.config.Connection;
import io.updraft.config.ConnectionReads;
import io.updraft.config.Variable;
import io.updraft.config.VariableReads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a task reads of XComs, variables and connections, through the Task Execution API. Thread-safe. */
final class ApiReads implements RunReads, VariableReads {

    private final ExecutionClient client;

    ApiReads(ExecutionClient client) {
        this.client = client;
    }

    @Override
    public Optional<DagRun> previousSuccess(String dagId, Instant before) {
        return Optional.ofNullable(read("/execution/previous-success/" + ExecutionClient.encode(dagId) + "?before="
                + before, new TypeReference<DagRun>() { }));
    }

    @Override
    public List<XCom> xcoms(String dagId, String runId, String taskId) {
        return read("/execution/xcoms/" + ExecutionClient.encode(dagId) + "/" + ExecutionClient.encode(runId)
                + (taskId == null ? "" : "?task_id=" + ExecutionClient.encode(taskId)),
                new TypeReference<List<XCom>>() { });
    }

    @Override
    public Optional<Variable> find(String key) {
        return Optional.ofNullable(read("/execution/variables/" + ExecutionClient.encode(key),
                new TypeReference<Variable>() { }));
    }

    @Override
    public List<Variable> list(int limit, int offset) {
        return page(read("/execution/variables", new TypeReference<List<Variable>>() { }), limit, offset);
    }

    /** The connections (a view of its own: its methods are named as the variables'). */
    ConnectionReads connections() {
        return new ConnectionReads() {
            @Override
            public Optional<Connection> find(String connectionId) {
                return Optional.ofNullable(read("/execution/connections/" + ExecutionClient.encode(connectionId),
                        new TypeReference<Connection>() { }));
            }

            @Override
            public List<Connection> list(int limit, int offset) {
                return page(read("/execution/connections", new TypeReference<List<Connection>>() { }), limit,
                        offset);
            }
        };
    }

    private static <T> List<T> page(List<T> all, int limit, int offset) {
        int from = Math.min(offset, all.size());
        return all.subList(from, (int) Math.min(all.size(), (long) from + limit));
    }

    private <T> T read(String path, TypeReference<T> type) {
        try {
            ExecutionClient.Answer answer = client.get(path);
            if (answer.status() != 200) {
                throw new IllegalStateException("GET " + path + " answered HTTP " + answer.status() + ": "
                        + answer.body());
            }
            return Json.MAPPER.readValue(answer.body(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + " from " + client.apiUrl(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        }
    }
}
