package io.updraft.store;

import io.updraft.run.DagRun;
import io.updraft.run.RunLeases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * {@link RunLeases} for several engine nodes on one database, with no coordinator but the database: a lease or a
 * run changes hands by compare-and-set on its holder, and only from a holder judged dead (its job ended, silent for
 * longer than the lease timeout, or gone from this host). Thread-safe.
 */
public final class JdbiRunLeases implements RunLeases {

    private static final String UNLEASED_DAGS = """
            SELECT DISTINCT r.dag_id, l.owner_job_id FROM dag_run r LEFT JOIN dag_lease l ON l.dag_id = r.dag_id
            WHERE r.state IN ('queued', 'running') AND (l.owner_job_id IS NULL OR l.owner_job_id <> :self)""";

    private static final String CLAIMABLE_RUNS = """
            SELECT * FROM dag_run
            WHERE state IN ('queued', 'running') AND dag_id IN (<dags>)
                AND (owner_job_id IS NULL OR owner_job_id <> :self)
            ORDER BY id LIMIT :limit""";

    private final Jdbi jdbi;
    private final long self;
    private final Predicate<Long> isJobDead;
    private final Clock clock;
    private final java.util.function.Supplier<java.time.Duration> heartbeatAge;
    private final java.time.Duration lease;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /**
     * @param isJobDead whether another node's job is dead (and so its leases and runs may be taken)
     * @param heartbeatAge how long ago this node's job last heartbeated
     * @param lease how long a silent job stays alive in the other nodes' eyes
     */
    public JdbiRunLeases(Database database, long self, Predicate<Long> isJobDead,
                         java.util.function.Supplier<java.time.Duration> heartbeatAge, java.time.Duration lease,
                         Clock clock) {
        this.jdbi = database.jdbi();
        this.self = self;
        this.isJobDead = isJobDead;
        this.heartbeatAge = heartbeatAge;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public Long owner() {
        return self;
    }

    @Override
    public boolean shared() {
        return true;
    }

    /**
     * While this node's last heartbeat is younger than half the lease, no other node can judge it dead, so nothing
     * it owns can have been taken over and a commit needs no ownership check; past that, every commit checks.
     */
    @Override
    public boolean fences() {
        return heartbeatAge.get().compareTo(lease.dividedBy(2)) > 0;
    }

    @Override
    public boolean claimDag(String dagId) {
        if (held.contains(dagId)) {
            return true;
        }
        Long holder = jdbi.withHandle(h -> h.createQuery("SELECT owner_job_id FROM dag_lease WHERE dag_id = :dag_id")
                .bind("dag_id", dagId).mapTo(Long.class).findOne().orElse(null));
        return claimDag(dagId, holder);
    }

    private boolean claimDag(String dagId, Long holder) {
        boolean won;
        if (holder == null) {
            won = insertLease(dagId);
        } else if (holder == self) {
            won = true;
        } else if (isJobDead.test(holder)) {
            won = jdbi.withHandle(h -> h.createUpdate("""
                            UPDATE dag_lease SET owner_job_id = :self, acquired_at = :now
                            WHERE dag_id = :dag_id AND owner_job_id = :holder""")
                    .bind("self", self).bindByType("now", clock.instant(), java.time.Instant.class).bind("dag_id", dagId)
                    .bind("holder", holder)
                    .execute()) == 1;
        } else {
            won = false;
        }
        if (won) {
            held.add(dagId);
        }
        return won;
    }

    private boolean insertLease(String dagId) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO dag_lease (dag_id, owner_job_id, acquired_at) VALUES (:dag_id, :self, :now)""")
                    .bind("dag_id", dagId).bind("self", self).bindByType("now", clock.instant(), java.time.Instant.class)
                    .execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (UniqueViolations.isUniqueViolation(e)) {
                return false; // another node claimed it first
            }
            throw e;
        }
    }

    @Override
    public List<DagRun> claimRuns(int limit) {
        return jdbi.withHandle(h -> {
            refreshHeld(h);
            h.createQuery(UNLEASED_DAGS).bind("self", self)
                    .map((rs, ctx) -> new Object[] {rs.getString(1), (Long) rs.getObject(2, Long.class)}).list()
                    .forEach(row -> claimDag((String) row[0], (Long) row[1]));
            if (held.isEmpty()) {
                return List.of();
            }
            List<DagRun> claimed = new ArrayList<>();
            List<DagRun> candidates = h.createQuery(CLAIMABLE_RUNS).bindList("dags", List.copyOf(held))
                    .bind("self", self).bind("limit", limit).map(RunRows::dagRun).list();
            for (DagRun run : candidates) {
                if (claimRun(h, run.id())) {
                    claimed.add(run);
                }
            }
            return claimed;
        });
    }

    @Override
    public Long route(String dagId, String runId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT r.owner_job_id AS run_owner, l.owner_job_id AS dag_holder
                        FROM dag_run r LEFT JOIN dag_lease l ON l.dag_id = r.dag_id
                        WHERE r.dag_id = :dag_id AND r.run_id = :run_id""")
                .bind("dag_id", dagId).bind("run_id", runId)
                .map((rs, ctx) -> {
                    Long owner = rs.getObject("run_owner", Long.class);
                    Long holder = rs.getObject("dag_holder", Long.class);
                    if (owner != null && (owner == self || !isJobDead.test(owner))) {
                        return owner == self ? null : owner;
                    }
                    return holder != null && holder != self && !isJobDead.test(holder) ? holder : null;
                }).findOne().orElse(null));
    }

    @Override
    public boolean claimRun(DagRun run) {
        return jdbi.withHandle(h -> claimRun(h, run.id()));
    }

    /** Compare-and-set of the run's owner, from nobody or a dead node to this one. */
    private boolean claimRun(Handle h, long runId) {
        Long owner = h.createQuery("SELECT owner_job_id FROM dag_run WHERE id = :id").bind("id", runId)
                .mapTo(Long.class).findOne().orElse(null);
        if (owner != null && owner == self) {
            return true;
        }
        if (owner != null && !isJobDead.test(owner)) {
            return false; // driven by a live process (`dags test`, or another node)
        }
        return h.createUpdate("""
                        UPDATE dag_run SET owner_job_id = :self
                        WHERE id = :id AND (owner_job_id IS NULL AND CAST(:owner AS BIGINT) IS NULL
                            OR owner_job_id = :owner)""")
                .bind("self", self).bind("id", runId).bindByType("owner", owner, Long.class).execute() == 1;
    }

    @Override
    public boolean owns(DagRun run) {
        Long owner = jdbi.withHandle(h -> h.createQuery("SELECT owner_job_id FROM dag_run WHERE id = :id")
                .bind("id", run.id()).mapTo(Long.class).findOne().orElse(null));
        return owner != null && owner == self;
    }

    /** Leases are kept in memory; a lease taken from this node (judged dead meanwhile) is dropped here. */
    private void refreshHeld(Handle h) {
        List<String> stored = h.createQuery("SELECT dag_id FROM dag_lease WHERE owner_job_id = :self")
                .bind("self", self).mapTo(String.class).list();
        held.retainAll(stored);
        held.addAll(stored);
    }

    @Override
    public void releaseAll() {
        held.clear();
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM dag_lease WHERE owner_job_id = :self").bind("self", self)
                .execute());
    }
}
