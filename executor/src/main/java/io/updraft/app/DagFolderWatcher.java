package io.updraft.app;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the DAGs folder when something in it changes. Every folder below the root is watched (new folders as they
 * appear); a burst of events is collapsed into one reload {@code debounce} after the last event, but never later
 * than {@code 10 × debounce} after the first, so a file written continuously is still picked up. A full reload
 * every {@code rescan} catches anything the watch missed (event overflow, file systems without notifications).
 * Reloads run on the watcher's own thread, one at a time; a failing reload is logged and retried at the next change
 * or rescan. Plain Java: start, then close.
 */
public final class DagFolderWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DagFolderWatcher.class);

    private final Path root;
    private final Runnable reload;
    private final long debounceNanos;
    private final long maxDelayNanos;
    private final long rescanNanos;
    private final WatchService watcher;
    private final Map<WatchKey, Path> folders = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long reloads;

    private DagFolderWatcher(Path root, Runnable reload, Duration debounce, Duration rescan) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.reload = reload;
        this.debounceNanos = debounce.toNanos();
        this.maxDelayNanos = debounce.toNanos() * 10;
        this.rescanNanos = rescan.toNanos();
        this.watcher = FileSystems.getDefault().newWatchService();
        this.thread = new Thread(this::loop, "updraft-dag-folder-watcher");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching {@code root} (created when missing). The caller loads the folder once itself; the watcher
     * only reloads on changes and rescans.
     */
    public static DagFolderWatcher start(Path root, Runnable reload, Duration debounce, Duration rescan) {
        try {
            Files.createDirectories(root);
            DagFolderWatcher watcher = new DagFolderWatcher(root, reload, debounce, rescan);
            watcher.registerTree(watcher.root);
            watcher.thread.start();
            return watcher;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot watch the DAGs folder " + root, e);
        }
    }

    /** How many reloads ran so far (changes and rescans). */
    public long reloads() {
        return reloads;
    }

    private void loop() {
        long nextRescan = System.nanoTime() + rescanNanos;
        long firstPending = 0;
        long reloadAt = 0;
        boolean pending = false;
        while (running) {
            long now = System.nanoTime();
            long wakeAt = pending ? Math.min(reloadAt, nextRescan) : nextRescan;
            WatchKey key;
            try {
                key = watcher.poll(Math.max(0, wakeAt - now), TimeUnit.NANOSECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            now = System.nanoTime();
            if (key != null) {
                drain(key);
                if (!pending) {
                    pending = true;
                    firstPending = now;
                }
                reloadAt = Math.min(now + debounceNanos, firstPending + maxDelayNanos);
                continue;
            }
            if ((pending && now >= reloadAt) || now >= nextRescan) {
                pending = false;
                nextRescan = now + rescanNanos;
                runReload();
            }
        }
    }

    /** Takes every event of the key and of keys already queued; registers new folders. */
    private void drain(WatchKey first) {
        WatchKey key = first;
        while (key != null) {
            Path folder = folders.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == OVERFLOW || folder == null) {
                    continue; // a reload of the whole folder follows anyway
                }
                Path child = folder.resolve((Path) event.context());
                if (event.kind() == ENTRY_CREATE && Files.isDirectory(child)) {
                    registerTree(child);
                }
            }
            if (!key.reset()) {
                folders.remove(key); // the folder is gone
            }
            key = watcher.poll();
        }
    }

    private void registerTree(Path start) {
        try (Stream<Path> tree = Files.walk(start)) {
            tree.filter(Files::isDirectory).forEach(this::register);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot watch {} (a rescan will still see its files): {}", start, e.toString());
        }
    }

    private void register(Path folder) {
        try {
            folders.put(folder.register(watcher, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), folder);
        } catch (IOException e) {
            LOG.warn("Cannot watch {}: {}", folder, e.toString());
        }
    }

    private void runReload() {
        try {
            reload.run();
        } catch (RuntimeException e) {
            LOG.error("Reloading the DAGs folder {} failed", root, e);
        } finally {
            reloads++;
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            watcher.close();
        } catch (IOException e) {
            LOG.debug("Closing the watch service: {}", e.toString());
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
