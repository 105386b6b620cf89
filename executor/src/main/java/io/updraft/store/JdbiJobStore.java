package io.updraft.store;

import io.updraft.job.Job;
import io.updraft.job.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** {@link JobStore} on Jdbi. Times come from the given clock, so liveness is testable. Thread-safe. */
public final class JdbiJobStore implements JobStore {

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbiJobStore(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    public JdbiJobStore(Database database) {
        this(database, Clock.systemUTC());
    }

    @Override
    public long start(String jobType, String hostname, int pid) {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO job (job_type, hostname, pid, state, start_date, latest_heartbeat)
                        VALUES (:job_type, :hostname, :pid, :state, :now, :now)""")
                .bind("job_type", jobType)
                .bind("hostname", hostname)
                .bind("pid", pid)
                .bind("state", RUNNING)
                .bindByType("now", now, Instant.class)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    @Override
    public boolean heartbeat(long id) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE job SET latest_heartbeat = :now WHERE id = :id AND state = :running")
                .bindByType("now", clock.instant(), Instant.class)
                .bind("id", id)
                .bind("running", RUNNING)
                .execute()) > 0;
    }

    @Override
    public void end(long id) {
        finish(id, SUCCESS);
    }

    @Override
    public boolean markFailed(long id) {
        return finish(id, FAILED);
    }

    private boolean finish(long id, String state) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "UPDATE job SET state = :state, end_date = :now WHERE id = :id AND state = :running")
                .bind("state", state)
                .bindByType("now", clock.instant(), Instant.class)
                .bind("id", id)
                .bind("running", RUNNING)
                .execute()) > 0;
    }

    @Override
    public Optional<Job> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, job_type, hostname, pid, state, start_date, end_date, latest_heartbeat
                        FROM job WHERE id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> new Job(rs.getLong("id"), rs.getString("job_type"), rs.getString("hostname"),
                        rs.getInt("pid"), rs.getString("state"), Columns.instant(rs, "start_date"),
                        Columns.instant(rs, "end_date"), Columns.instant(rs, "latest_heartbeat")))
                .findOne());
    }

    @Override
    public Optional<Instant> latestHeartbeat(String jobType) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT MAX(latest_heartbeat) AS latest FROM job WHERE job_type = :job_type")
                .bind("job_type", jobType)
                .map((rs, ctx) -> Optional.ofNullable(Columns.instant(rs, "latest")))
                .one());
    }

    @Override
    public List<Long> running(String jobType) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM job WHERE state = :running AND job_type = :job_type
                        ORDER BY latest_heartbeat DESC, id DESC""")
                .bind("running", RUNNING)
                .bind("job_type", jobType)
                .mapTo(Long.class)
                .list());
    }

    @Override
    public List<Long> findDead(Duration heartbeatTimeout) {
        Instant cutoff = clock.instant().minus(heartbeatTimeout);
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id FROM job WHERE state = :running AND latest_heartbeat < :cutoff
                        ORDER BY latest_heartbeat, id""")
                .bind("running", RUNNING)
                .bindByType("cutoff", cutoff, Instant.class)
                .mapTo(Long.class)
                .list());
    }
}
