package io.updraft.job;

import java.time.Duration;
import java.util.Optional;

/** How long ago this process's engine job last heartbeated: empty before the engine starts. */
@FunctionalInterface
public interface HeartbeatAge {

    Optional<Duration> current();
}
