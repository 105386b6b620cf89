package io.updraft.store;

import io.updraft.run.EngineInbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;

/** {@link EngineInbox} in the {@code engine_inbox} table. Thread-safe. */
public final class JdbiEngineInbox implements EngineInbox {

    private static final String PENDING = "pending";
    private static final Duration POLL = Duration.ofMillis(20);

    private final Jdbi jdbi;
    private final Clock clock;

    public JdbiEngineInbox(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    @Override
    public long send(long ownerJobId, String request) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO engine_inbox (owner_job_id, request, state, created_at)
                        VALUES (:owner, :request, 'pending', :now)""")
                .bind("owner", ownerJobId).bind("request", request)
                .bindByType("now", clock.instant(), Instant.class)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
    }

    @Override
    public List<Pending> pending(long ownerJobId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, request FROM engine_inbox WHERE owner_job_id = :owner AND state = 'pending'
                        ORDER BY id LIMIT :limit""")
                .bind("owner", ownerJobId).bind("limit", limit)
                .map((rs, ctx) -> new Pending(rs.getLong("id"), rs.getString("request"))).list());
    }

    @Override
    public void answer(long id, boolean succeeded, String answer) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE engine_inbox SET state = :state, answer = :answer, answered_at = :now
                        WHERE id = :id AND state = 'pending'""")
                .bind("state", succeeded ? "done" : "failed").bind("answer", answer)
                .bindByType("now", clock.instant(), Instant.class).bind("id", id).execute());
    }

    @Override
    public String await(long id, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> row = jdbi.withHandle(h -> h.createQuery(
                    "SELECT state, answer FROM engine_inbox WHERE id = :id").bind("id", id).mapToMap().one());
            String state = (String) row.get("state");
            if (!PENDING.equals(state)) {
                jdbi.useHandle(h -> h.createUpdate("DELETE FROM engine_inbox WHERE id = :id").bind("id", id)
                        .execute());
                if ("failed".equals(state)) {
                    throw new IllegalStateException((String) row.get("answer"));
                }
                return (String) row.get("answer");
            }
            Thread.sleep(POLL.toMillis());
        }
        // withdrawn, so that a late owner does not apply a change its caller gave up on
        jdbi.useHandle(h -> h.createUpdate("UPDATE engine_inbox SET state = 'withdrawn' WHERE id = :id AND "
                + "state = 'pending'").bind("id", id).execute());
        throw new TimeoutException("the engine node driving the run did not answer in " + timeout);
    }
}
