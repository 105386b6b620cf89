package io.updraft.app;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.updraft.app.Updraft;
import jakarta.annotation.PreDestroy;
import java.time.Duration;

/** Keeps the store in step with the DAGs folder while the service runs (the service loads it once at start). */
@Context
@Requires(property = "updraft.watch.enabled", notEquals = "false")
public class DagFolderWatch implements AutoCloseable {

    private final DagFolderWatcher watcher;

    public DagFolderWatch(Updraft updraft,
                          @Value("${updraft.watch.debounce-ms:100}") long debounceMillis,
                          @Value("${updraft.watch.rescan-seconds:30}") long rescanSeconds) {
        this.watcher = DagFolderWatcher.start(updraft.config().dagsFolder(), updraft::loadDags,
                Duration.ofMillis(debounceMillis), Duration.ofSeconds(rescanSeconds));
    }

    public DagFolderWatcher watcher() {
        return watcher;
    }

    @Override
    @PreDestroy
    public void close() {
        watcher.close();
    }
}
