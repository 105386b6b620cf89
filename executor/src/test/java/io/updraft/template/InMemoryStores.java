package io.updraft.template;

import io.updraft.run.DagRun;
import io.updraft.run.RunChanges;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import io.updraft.run.TaskState;
import io.updraft.run.XCom;
import io.updraft.config.Connection;
import io.updraft.config.ConnectionStore;
import io.updraft.config.Variable;
import io.updraft.config.VariableStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small in-memory stores for tests: variables, connections, and the XCom part of a run store. */
public final class InMemoryStores {

    private InMemoryStores() {
    }

    public static final class Variables implements VariableStore {
        private final Map<String, Variable> variables = new TreeMap<>();

        public Variables with(String key, String value) {
            put(new Variable(key, value, null));
            return this;
        }

        @Override public synchronized Optional<Variable> find(String key) { return Optional.ofNullable(variables.get(key)); }
        @Override public synchronized List<Variable> list(int limit, int offset) {
            return variables.values().stream().skip(offset).limit(limit).toList();
        }
        @Override public synchronized long count() { return variables.size(); }
        @Override public synchronized void put(Variable variable) { variables.put(variable.key(), variable); }
        @Override public synchronized boolean delete(String key) { return variables.remove(key) != null; }
        @Override public synchronized void putAll(List<Variable> all) { all.forEach(this::put); }
        @Override public synchronized void deleteAll(List<String> keys) { keys.forEach(this::delete); }
    }

    public static final class Connections implements ConnectionStore {
        private final Map<String, Connection> connections = new TreeMap<>();

        @Override public synchronized Optional<Connection> find(String id) { return Optional.ofNullable(connections.get(id)); }
        @Override public synchronized List<Connection> list(int limit, int offset) {
            return connections.values().stream().skip(offset).limit(limit).toList();
        }
        @Override public synchronized long count() { return connections.size(); }
        @Override public synchronized void put(Connection connection) { connections.put(connection.connectionId(), connection); }
        @Override public synchronized boolean delete(String id) { return connections.remove(id) != null; }
        @Override public synchronized void putAll(List<Connection> all) { all.forEach(this::put); }
        @Override public synchronized void deleteAll(List<String> ids) { ids.forEach(this::delete); }
    }

    /** Only the XCom queries the operator runner uses are implemented. */
    public static final class XComs implements RunStore {
        private final List<XCom> xcoms = new CopyOnWriteArrayList<>();

        public XComs with(String dagId, String runId, String taskId, int mapIndex, String key, String json) {
            xcoms.add(new XCom(dagId, runId, taskId, mapIndex, key, json, Instant.now()));
            return this;
        }

        @Override
        public Optional<XCom> findXCom(String dagId, String runId, String taskId, int mapIndex, String key) {
            return xcoms.stream().filter(x -> x.dagId().equals(dagId) && x.runId().equals(runId)
                    && x.taskId().equals(taskId) && x.mapIndex() == mapIndex && x.key().equals(key)).findFirst();
        }

        @Override
        public List<XCom> xcoms(String dagId, String runId, String taskId) {
            List<XCom> result = new ArrayList<>(xcoms.stream().filter(x -> x.dagId().equals(dagId)
                    && x.runId().equals(runId) && (taskId == null || x.taskId().equals(taskId))).toList());
            result.sort(Comparator.comparing(XCom::taskId).thenComparingInt(XCom::mapIndex).thenComparing(XCom::key));
            return result;
        }

        private static UnsupportedOperationException unused() {
            return new UnsupportedOperationException("not used by the operator runner");
        }

        @Override public List<DagRun> createRuns(List<NewRun> runs) { throw unused(); }
        @Override public void apply(RunChanges changes) { throw unused(); }
        @Override public Optional<DagRun> findRun(String dagId, String runId) { throw unused(); }
        @Override public boolean deleteRun(String dagId, String runId) { throw unused(); }
        @Override public List<DagRun> findRunsAfter(long afterId, Set<RunState> states, int limit) { throw unused(); }
        @Override public List<DagRun> findRuns(String dagId, Set<RunState> states, int limit, int offset) { throw unused(); }
        @Override public long countRuns(String dagId, Set<RunState> states) { throw unused(); }
        @Override public Optional<DagRun> previousSuccess(String dagId, Instant before) { return Optional.empty(); }
        @Override public Optional<DagRun> previousRun(String dagId, Instant before, boolean excludeManual) { throw unused(); }
        @Override public List<TaskInstance> taskInstances(String dagId, String runId) { throw unused(); }
        @Override public Optional<TaskInstance> findTaskInstance(TaskInstanceKey key) { throw unused(); }
        @Override public List<TaskInstance> findTaskInstances(Collection<TaskState> states) { throw unused(); }
        @Override public List<TaskInstance> tries(TaskInstanceKey key) { throw unused(); }
        @Override public java.util.Set<TaskInstanceKey> xcomHolders(String dagId, String runId) { throw unused(); }
    }
}
