package io.updraft.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Creates runs for concurrent callers in shared transactions. A commit is the expensive part of creating a run
 * (the store writes it to disk), so while one caller's transaction commits, the runs of the callers that arrive
 * meanwhile are collected and the next of them stores them all in one transaction. Every caller returns only after
 * the transaction holding its run has committed, so a returned run is durable. A lone caller writes at once.
 * Thread-safe.
 */
final class GroupCommit {

    private static final class Pending {
        final RunStore.NewRun run;
        DagRun created;
        RuntimeException failure;
        boolean done;

        Pending(RunStore.NewRun run) {
            this.run = run;
        }
    }

    private final RunStore store;
    private List<Pending> queue = new ArrayList<>();
    private boolean writing;

    GroupCommit(RunStore store) {
        this.store = store;
    }

    /** @throws DuplicateRunException when the run id or logical date is taken */
    DagRun create(RunStore.NewRun run) {
        Pending mine = new Pending(run);
        List<Pending> batch;
        boolean interrupted = false;
        synchronized (this) {
            queue.add(mine);
            // wait while another caller writes; its batch may have taken this run too
            while (writing && !mine.done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (queue.remove(mine)) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("Interrupted before the run was stored", e);
                    }
                    // already taken into a batch, which may commit: wait for the outcome
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (mine.done) {
                return outcome(mine);
            }
            writing = true;
            batch = queue;
            queue = new ArrayList<>();
        }
        try {
            write(batch);
        } finally {
            synchronized (this) {
                writing = false;
                notifyAll();
            }
        }
        return outcome(mine);
    }

    private static DagRun outcome(Pending pending) {
        if (pending.failure != null) {
            throw pending.failure;
        }
        return pending.created;
    }

    /** One transaction for the batch; when it fails, each run alone, so each caller gets its own outcome. */
    private void write(List<Pending> batch) {
        try {
            writeAll(batch);
        } catch (Throwable e) {
            for (Pending pending : batch) {
                if (pending.created == null && pending.failure == null) {
                    pending.failure = new IllegalStateException("The run could not be stored", e);
                }
            }
            throw e;
        } finally {
            synchronized (this) {
                batch.forEach(p -> p.done = true);
            }
        }
    }

    private void writeAll(List<Pending> batch) {
        List<Pending> alone = batch;
        if (batch.size() > 1) {
            try {
                List<DagRun> created = store.createRuns(batch.stream().map(p -> p.run).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).created = created.get(i);
                }
                alone = List.of();
            } catch (RuntimeException e) {
                // typically one taken run id; nothing of the batch was stored
            }
        }
        for (Pending pending : alone) {
            try {
                pending.created = store.createRuns(List.of(pending.run)).get(0);
            } catch (RuntimeException e) {
                pending.failure = e;
            }
        }
    }
}
