package io.updraft.store;

import static io.updraft.store.RunFixtures.aRun;
import static io.updraft.store.RunFixtures.aTaskInstance;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.SettableClock;
import io.updraft.dispatch.RemoteTryStore;
import io.updraft.dispatch.Workload;
import io.updraft.run.DagRun;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows of remote tries that no node will ever read again go; those a node may still take over stay. */
abstract class RemoteTryOrphansContractTest extends StoreTestSupport {

    private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void onlyRowsOfGoneNodesWhoseTryMovedOnAreDeleted() {
        SettableClock clock = new SettableClock(START);
        JdbiJobStore jobs = new JdbiJobStore(db, clock);
        long gone = jobs.start("SchedulerJob", "node-1", 1);
        jobs.markFailed(gone);
        long alive = jobs.start("SchedulerJob", "node-2", 2);
        DagRun run = new JdbiRunStore(db).createRun(aRun("etl", "r1", START), List.of());
        TaskInstance stillQueued = instance(run, "still_queued", TaskState.QUEUED, 1);
        TaskInstance markedFailed = instance(run, "marked_failed", TaskState.FAILED, 1);
        TaskInstance cleared = instance(run, "cleared", TaskState.QUEUED, 2);
        TaskInstance ofLiveNode = instance(run, "of_live_node", TaskState.FAILED, 1);
        new JdbiRunStore(db).apply(new io.updraft.run.RunChanges()
                .insert(stillQueued).insert(markedFailed).insert(cleared).insert(ofLiveNode));
        RemoteTryStore tries = new JdbiRemoteTryStore(db, clock);
        tries.offer(List.of(offer(Workload.tryId(stillQueued)), offer(Workload.tryId(markedFailed)),
                offer(cleared.id() + ".1"), offer("00000000-0000-0000-0000-000000000000.1")), gone);
        tries.offer(List.of(offer(Workload.tryId(ofLiveNode))), alive);

        assertThat(tries.deleteOrphans(Duration.ofMinutes(1))).as("too young").isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(tries.deleteOrphans(Duration.ofMinutes(1))).isEqualTo(3);

        assertThat(tries.find(Workload.tryId(stillQueued))).as("kept for the node taking the run over").isPresent();
        assertThat(tries.find(Workload.tryId(ofLiveNode))).as("its live node deletes it").isPresent();
        assertThat(tries.find(Workload.tryId(markedFailed))).isEmpty();
        assertThat(tries.find(cleared.id() + ".1")).isEmpty();
    }

    private static TaskInstance instance(DagRun run, String taskId, TaskState state, int tryNumber) {
        return aTaskInstance(run, taskId, -1).toBuilder().state(state).tryNumber(tryNumber).build();
    }

    private static RemoteTryStore.Offer offer(String id) {
        return new RemoteTryStore.Offer(id, "default", 1, "{}", null, null);
    }
}
