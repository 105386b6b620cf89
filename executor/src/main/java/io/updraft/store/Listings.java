package io.updraft.store;

import io.updraft.audit.AuditEvent;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagVersion;
import io.updraft.dag.DagWarningRecord;
import io.updraft.dag.ImportErrorRecord;
import io.updraft.run.DagRun;
import io.updraft.run.TaskInstance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * The list endpoints' reads: filtered, ordered and paged in SQL, with the total count of matching rows, so a page
 * costs the same with a hundred rows in the table or a hundred thousand. Read-only and thread-safe.
 */
public final class Listings {

    /** A page of rows and how many rows matched in all ({@code total_entries}). */
    public record Slice<T>(List<T> items, long total) {
    }

    /** Which rows and in what order; the order must end with a unique key so pages never overlap. */
    public record Window(List<ListQuery.Sort> order, int limit, int offset) {
    }

    public record RunKey(String dagId, String runId) {
    }

    /** A DAG's name as the API shows it, its display name or else its id: a column for filters and order_by. */
    public static final String DAG_DISPLAY_NAME = "COALESCE(dag_display_name, dag_id)";

    /** How long a task instance ran, in the database's own interval type: a column for order_by. */
    public static final String TASK_INSTANCE_DURATION = "(end_date - start_date)";

    private static final String VERSION_COLUMNS =
            "id, dag_id, version_number, version_hash, source_code, fileloc, created_at";

    private final Jdbi jdbi;

    public Listings(Database database) {
        this.jdbi = database.jdbi();
    }

    public Slice<DagRecord> dags(ListQuery query, Window window) {
        return slice("*", "dag", query, window, JdbiDagStore::dag);
    }

    public Slice<DagRun> runs(ListQuery query, Window window) {
        return slice("*", "dag_run", query, window, RunRows::dagRun);
    }

    /** Run-level columns can be filtered through {@link #runColumnOfTaskInstance}. */
    public Slice<TaskInstance> taskInstances(ListQuery query, Window window) {
        return slice("*", "task_instance", query, window, RunRows::taskInstance);
    }

    /** A column of a task instance's run, for filters on task instances (e.g. the run's logical_date). */
    public static String runColumnOfTaskInstance(String column) {
        return "(SELECT r." + column + " FROM dag_run r WHERE r.dag_id = task_instance.dag_id"
                + " AND r.run_id = task_instance.run_id)";
    }

    public Slice<DagVersion> dagVersions(ListQuery query, Window window) {
        return slice(VERSION_COLUMNS, "dag_version", query, window, JdbiDagStore::version);
    }

    public Slice<ImportErrorRecord> importErrors(ListQuery query, Window window) {
        return slice("id, \"timestamp\", filename, stack_trace", "import_error", query, window,
                (rs, ctx) -> new ImportErrorRecord(rs.getLong("id"), Columns.instant(rs, "timestamp"),
                        rs.getString("filename"), rs.getString("stack_trace")));
    }

    public Slice<DagWarningRecord> dagWarnings(ListQuery query, Window window) {
        return slice(JdbiDagWarningStore.COLUMNS, "dag_warning", query, window, JdbiDagWarningStore::warning);
    }

    /** DAGs tagged with any (or all) of these tags; dag.tags holds the tags as a compact JSON array. */
    public static ListQuery tagged(ListQuery where, List<String> tags, boolean all) {
        if (tags.isEmpty()) {
            return where;
        }
        List<String> perTag = new ArrayList<>();
        List<Object> patterns = new ArrayList<>();
        for (String tag : tags) {
            // an element is delimited by [ or , before and , or ] after; quotes inside elements are escaped
            String element = ListQuery.likeLiteral(StoreJson.write(tag));
            perTag.add("(tags LIKE ? ESCAPE '!' OR tags LIKE ? ESCAPE '!' OR tags LIKE ? ESCAPE '!'"
                    + " OR tags LIKE ? ESCAPE '!')");
            patterns.addAll(List.of("[" + element + "]", "[" + element + ",%", "%," + element + "]",
                    "%," + element + ",%"));
        }
        return where.where("(" + String.join(all ? " AND " : " OR ", perTag) + ")", patterns.toArray());
    }

    /** DAGs with any of these owners; dag.owners is the comma-separated list (spaces around commas ignored). */
    public static ListQuery ownedBy(ListQuery where, List<String> owners) {
        if (owners.isEmpty()) {
            return where;
        }
        List<String> perOwner = new ArrayList<>();
        List<Object> patterns = new ArrayList<>();
        for (String owner : owners) {
            perOwner.add("(',' || REPLACE(REPLACE(owners, ', ', ','), ' ,', ',') || ',') LIKE ? ESCAPE '!'");
            patterns.add("%," + ListQuery.likeLiteral(owner.trim()) + ",%");
        }
        return where.where("(" + String.join(" OR ", perOwner) + ")", patterns.toArray());
    }

    /** The runs with these keys, in one query (the runs behind a page of task instances). */
    public Map<RunKey, DagRun> runs(Collection<RunKey> keys) {
        Set<RunKey> distinct = new LinkedHashSet<>(keys);
        Map<RunKey, DagRun> found = new HashMap<>();
        if (distinct.isEmpty()) {
            return found;
        }
        ListQuery query = new ListQuery();
        List<String> alternatives = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (RunKey key : distinct) {
            alternatives.add("(dag_id = ? AND run_id = ?)");
            values.add(key.dagId());
            values.add(key.runId());
        }
        query.where("(" + String.join(" OR ", alternatives) + ")", values.toArray());
        jdbi.useHandle(handle -> query.bind(handle.createQuery("SELECT * FROM dag_run" + query.whereClause()))
                .map(RunRows::dagRun)
                .forEach(run -> found.put(new RunKey(run.dagId(), run.runId()), run)));
        return found;
    }

    /**
     * The latest {@code perDag} runs of each of these DAGs (by run_after, then id), newest first: the recent-runs
     * column of a DAG list, one query for a page of DAGs.
     */
    public Map<String, List<DagRun>> latestRuns(Collection<String> dagIds, int perDag) {
        Map<String, List<DagRun>> latest = new HashMap<>();
        if (dagIds.isEmpty() || perDag <= 0) {
            return latest;
        }
        ListQuery query = new ListQuery().in("dag_id", new LinkedHashSet<>(dagIds));
        String sql = "SELECT * FROM (SELECT dag_run.*, ROW_NUMBER() OVER (PARTITION BY dag_id"
                + " ORDER BY run_after DESC NULLS LAST, id DESC) AS recent FROM dag_run" + query.whereClause()
                + ") ranked WHERE recent <= :per_dag ORDER BY dag_id, recent";
        jdbi.useHandle(handle -> query.bind(handle.createQuery(sql))
                .bind("per_dag", perDag)
                .map(RunRows::dagRun)
                .forEach(run -> latest.computeIfAbsent(run.dagId(), k -> new ArrayList<>()).add(run)));
        return latest;
    }

    /** A page of the audit log (columns of {@code event_log}). */
    public Slice<AuditEvent> eventLogs(ListQuery query, Window window) {
        return slice("*", "event_log", query, window, JdbiAuditLog::row);
    }

    private <T> Slice<T> slice(String columns, String table, ListQuery query, Window window, RowMapper<T> mapper) {
        StringBuilder order = new StringBuilder();
        for (ListQuery.Sort sort : window.order()) {
            order.append(order.isEmpty() ? " ORDER BY " : ", ").append(sort.sql());
        }
        String select = "SELECT " + columns + " FROM " + table + query.whereClause() + order
                + " LIMIT :limit_ OFFSET :offset_";
        return jdbi.withHandle(handle -> {
            List<T> items = query.bind(handle.createQuery(select))
                    .bind("limit_", window.limit())
                    .bind("offset_", window.offset())
                    .map(mapper)
                    .list();
            // a short page that is not past the end tells the total without counting
            boolean complete = items.size() < window.limit() && (!items.isEmpty() || window.offset() == 0);
            long total = complete ? window.offset() + items.size() : count(handle, table, query);
            return new Slice<>(items, total);
        });
    }

    private static long count(Handle handle, String table, ListQuery query) {
        Query count = handle.createQuery("SELECT COUNT(*) FROM " + table + query.whereClause());
        return query.bind(count).mapTo(Long.class).one();
    }
}
