package io.updraft.run;

import java.time.Instant;

/** How an instance looks as a try of it starts: running here, or queued for a remote worker; or adopted. */
final class TryStarts {

    private TryStarts() {
    }

    /** A try of a scheduled instance: running in this process, or queued until a worker of its queue starts it. */
    static TaskInstance started(TaskInstance scheduled, EngineSettings settings, Instant now) {
        if (settings.remoteTries().runsLocally(scheduled.queue())) {
            return scheduled.toBuilder().state(TaskState.RUNNING).queuedDttm(now).startDate(now).endDate(null)
                    .hostname(settings.hostname()).unixname(settings.unixname()).pid(settings.pid())
                    .jobId(settings.jobId()).updatedAt(now).build();
        }
        return scheduled.toBuilder().state(TaskState.QUEUED).queuedDttm(now).startDate(null).endDate(null)
                .hostname(null).pid(null).jobId(settings.jobId()).updatedAt(now).build();
    }

    /** A remote try a dead engine left with the workers, now this engine's. */
    static TaskInstance adopted(TaskInstance ti, EngineSettings settings, Instant now) {
        return ti.toBuilder().jobId(settings.jobId()).updatedAt(now).build();
    }
}
