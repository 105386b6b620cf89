package io.updraft.store;

import io.updraft.dispatch.RemoteTryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/** {@link RemoteTryStore} in tables {@code remote_try} and {@code remote_worker}. Thread-safe. */
public final class JdbiRemoteTryStore implements RemoteTryStore {

    private static final String COLUMNS = "id, queue, owner_job_id, workload, worker, hostname, claimed_at, "
            + "kill_reason, outcome, ended_at";

    private final Jdbi jdbi;
    private final Clock clock;
    /** Wakes the other nodes when offers or reports they act on commit; null: they find them at their next poll. */
    private final StoreSignals signals;

    public JdbiRemoteTryStore(Database database, Clock clock) {
        this(database, clock, null);
    }

    public JdbiRemoteTryStore(Database database, Clock clock, StoreSignals signals) {
        this.jdbi = database.jdbi();
        this.clock = clock;
        this.signals = signals;
    }

    @Override
    public void offer(List<Offer> offers, Long ownerJobId) {
        if (offers.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM remote_try WHERE id IN (<ids>)")
                    .bindList("ids", offers.stream().map(Offer::id).toList()).execute();
            var batch = h.prepareBatch("INSERT INTO remote_try (id, queue, priority_weight, owner_job_id, workload, "
                    + "offered_at, worker, hostname, claimed_at) "
                    + "VALUES (:id, :queue, :priority, :owner, :workload, :now, :worker, :hostname, :claimed)");
            for (Offer offer : offers) {
                batch.bind("id", offer.id()).bind("queue", offer.queue()).bind("priority", offer.priorityWeight())
                        .bind("owner", ownerJobId).bind("workload", offer.workload())
                        .bindByType("now", now, Instant.class).bind("worker", offer.worker())
                        .bind("hostname", offer.hostname())
                        .bindByType("claimed", offer.worker() == null ? null : now, Instant.class).add();
            }
            batch.execute();
            if (signals != null && offers.stream().anyMatch(offer -> offer.worker() == null)) {
                signals.signalWithin(h); // workers polling other nodes may take these
            }
        });
    }

    @Override
    public List<Row> claim(String worker, String hostname, Collection<String> queues, int limit) {
        if (queues.isEmpty() || limit < 1) {
            return List.of();
        }
        return jdbi.inTransaction(h -> {
            List<String> candidates = h.createQuery("SELECT id FROM remote_try WHERE claimed_at IS NULL "
                            + "AND kill_reason IS NULL AND queue IN (<queues>) "
                            + "ORDER BY priority_weight DESC, offered_at, id LIMIT :limit")
                    .bindList("queues", List.copyOf(queues)).bind("limit", limit * 2).mapTo(String.class).list();
            List<String> taken = new java.util.ArrayList<>();
            Instant now = clock.instant();
            for (String id : candidates) {
                if (taken.size() == limit) {
                    break;
                }
                // another node's worker may take the same row first: the conditional update decides
                if (h.createUpdate("UPDATE remote_try SET worker = :worker, hostname = :hostname, claimed_at = :now "
                                + "WHERE id = :id AND claimed_at IS NULL AND kill_reason IS NULL")
                        .bind("worker", worker).bind("hostname", hostname).bind("id", id)
                        .bindByType("now", now, Instant.class).execute() == 1) {
                    taken.add(id);
                }
            }
            if (taken.isEmpty()) {
                return List.<Row>of();
            }
            return h.createQuery("SELECT " + COLUMNS + " FROM remote_try WHERE id IN (<ids>)")
                    .bindList("ids", taken).map((rs, ctx) -> row(rs)).list();
        });
    }

    @Override
    public Optional<Row> find(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM remote_try WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    @Override
    public List<Row> takenOf(Long ownerJobId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM remote_try WHERE "
                        + (ownerJobId == null ? "owner_job_id IS NULL" : "owner_job_id = :owner")
                        + " AND claimed_at IS NOT NULL")
                .bind("owner", ownerJobId).map((rs, ctx) -> row(rs)).list());
    }

    @Override
    public boolean finish(String id, String worker, String outcome, Instant endedAt) {
        return jdbi.inTransaction(h -> {
            boolean stored = h.createUpdate("""
                            UPDATE remote_try SET outcome = :outcome, ended_at = :ended
                            WHERE id = :id AND worker = :worker AND outcome IS NULL""")
                    .bind("outcome", outcome).bindByType("ended", endedAt, Instant.class).bind("id", id)
                    .bind("worker", worker).execute() == 1;
            if (stored && signals != null) {
                signals.signalWithin(h); // the node that drives the run learns the end now
            }
            return stored;
        });
    }

    @Override
    public boolean withdraw(String id, String reason) {
        return jdbi.withHandle(h -> {
            if (h.createUpdate("DELETE FROM remote_try WHERE id = :id AND claimed_at IS NULL").bind("id", id)
                    .execute() == 1) {
                return true;
            }
            h.createUpdate("UPDATE remote_try SET kill_reason = :reason WHERE id = :id AND kill_reason IS NULL")
                    .bind("reason", reason).bind("id", id).execute();
            return false;
        });
    }

    @Override
    public void delete(Collection<String> ids) {
        if (!ids.isEmpty()) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM remote_try WHERE id IN (<ids>)")
                    .bindList("ids", List.copyOf(ids)).execute());
        }
    }

    @Override
    public int deleteOrphans(Duration age) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        DELETE FROM remote_try r WHERE r.offered_at < :before
                          AND NOT EXISTS (SELECT 1 FROM job j WHERE j.id = r.owner_job_id AND j.state = 'running')
                          AND NOT EXISTS (SELECT 1 FROM task_instance ti WHERE ti.id = SUBSTRING(r.id, 1, 36)
                                AND r.id = CONCAT(ti.id, '.', ti.try_number)
                                AND ti.state IN ('queued', 'running'))""")
                .bindByType("before", clock.instant().minus(age), Instant.class)
                .execute());
    }

    @Override
    public void adopt(String id, Long ownerJobId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE remote_try SET owner_job_id = :owner WHERE id = :id")
                .bind("owner", ownerJobId).bind("id", id).execute());
    }

    @Override
    public List<Row> heldBy(String worker) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM remote_try WHERE worker = :worker AND outcome IS NULL")
                .bind("worker", worker).map((rs, ctx) -> row(rs)).list());
    }

    @Override
    public Map<String, Integer> waitingByQueue() {
        Map<String, Integer> waiting = new TreeMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT queue, COUNT(*) AS waiting FROM remote_try "
                        + "WHERE claimed_at IS NULL AND kill_reason IS NULL GROUP BY queue")
                .map((rs, ctx) -> waiting.put(rs.getString("queue"), rs.getInt("waiting"))).list());
        return waiting;
    }

    @Override
    public void heartbeat(String worker, String hostname, List<String> queues, int concurrency, int running) {
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE remote_worker SET hostname = :hostname, queues = :queues, concurrency = :concurrency,
                            running = :running, last_heartbeat = :now WHERE name = :name""")
                    .bind("hostname", hostname).bind("queues", String.join(",", queues))
                    .bind("concurrency", concurrency).bind("running", running)
                    .bindByType("now", now, Instant.class).bind("name", worker).execute();
            if (updated == 0) {
                h.createUpdate("""
                                INSERT INTO remote_worker (name, hostname, queues, concurrency, running, first_seen,
                                last_heartbeat) VALUES (:name, :hostname, :queues, :concurrency, :running, :now, :now)""")
                        .bind("hostname", hostname).bind("queues", String.join(",", queues))
                        .bind("concurrency", concurrency).bind("running", running)
                        .bindByType("now", now, Instant.class).bind("name", worker).execute();
            }
        });
    }

    @Override
    public List<WorkerRow> workers() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT name, hostname, queues, concurrency, running, first_seen, last_heartbeat
                        FROM remote_worker ORDER BY name""")
                .map((rs, ctx) -> new WorkerRow(rs.getString("name"), rs.getString("hostname"),
                        List.of(rs.getString("queues").split(",")), rs.getInt("concurrency"), rs.getInt("running"),
                        Columns.instant(rs, "first_seen"), Columns.instant(rs, "last_heartbeat")))
                .list());
    }

    @Override
    public void forgetWorkers(Duration age) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM remote_worker WHERE last_heartbeat < :before")
                .bindByType("before", clock.instant().minus(age), Instant.class).execute());
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString("id"), rs.getString("queue"), Columns.longValue(rs, "owner_job_id"),
                rs.getString("workload"), rs.getString("worker"), rs.getString("hostname"),
                Columns.instant(rs, "claimed_at"), rs.getString("kill_reason"), rs.getString("outcome"),
                Columns.instant(rs, "ended_at"));
    }
}
