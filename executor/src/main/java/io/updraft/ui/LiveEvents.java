package io.updraft.ui;

import io.micronaut.http.sse.Event;
import io.updraft.app.DagListener;
import io.updraft.app.DagListeners;
import io.updraft.dag.DagBag;
import io.updraft.dag.ImportError;
import io.updraft.dag.LoadWarning;
import io.updraft.json.Json;
import io.updraft.run.DagRun;
import io.updraft.run.RunEngine;
import io.updraft.run.RunListener;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/**
 * Broadcasts the run and task states the engine commits to every open {@code /ui/events} stream. Changes are
 * coalesced (latest state per run and task instance) and sent about five times a second, so a busy engine costs
 * the browsers one small message per interval; a client too slow to keep up misses messages rather than holding
 * memory, and catches up with its next full fetch.
 */
@Singleton
public class LiveEvents implements RunListener, DagListener, AutoCloseable {

    static final long FLUSH_MILLIS = 200;
    /** Beyond this many task changes in one interval, clients are told to refetch instead. */
    static final int MAX_TASKS_PER_EVENT = 2_000;

    private final SubmissionPublisher<Event<String>> publisher;
    private final ScheduledExecutorService timer;
    private Map<String, DagRun> runs = new LinkedHashMap<>();
    private Map<TaskInstanceKey, TaskInstance> tasks = new LinkedHashMap<>();
    private int droppedTasks;
    /** The import errors and DAG warnings last told to the browsers. */
    private volatile List<Object> dagFiles = List.of();

    public LiveEvents(RunEngine engine, DagListeners dagListeners) {
        this.publisher = new SubmissionPublisher<>(Executors.newCachedThreadPool(daemon("updraft-ui-events")), 64);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("updraft-ui-events-timer"));
        timer.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::ping, 15, 15, TimeUnit.SECONDS);
        engine.addListener(this);
        dagListeners.addListener(this);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A new subscription for each client; cancelled when the client goes away. */
    public Publisher<Event<String>> publisher() {
        return subscriber -> {
            FlowAdapters.toPublisher(publisher).subscribe(subscriber);
            // tells the client it is connected, so it can stop polling
            publisher.offer(Event.of("{}").name("hello"), (s, e) -> false);
        };
    }

    @Override
    public synchronized void committed(List<DagRun> changedRuns, List<TaskInstance> taskInstances) {
        if (!publisher.hasSubscribers()) {
            return;
        }
        for (DagRun run : changedRuns) {
            runs.put(run.dagId() + '\u0000' + run.runId(), run);
        }
        for (TaskInstance ti : taskInstances) {
            if (tasks.size() < MAX_TASKS_PER_EVENT || tasks.containsKey(ti.key())) {
                tasks.put(ti.key(), ti);
            } else {
                droppedTasks++;
            }
        }
    }

    /**
     * A load of the DAGs folder that changed its import errors or warnings is sent at once (event
     * {@code dag_files}), so an open page shows a broken file as soon as the folder watcher has read it.
     */
    @Override
    public void dagsLoaded(DagBag bag) {
        List<LoadWarning> warnings = bag.warnings().stream().filter(warning -> warning.dagId() != null).toList();
        List<Object> signature = List.of(bag.importErrors(), warnings);
        if (signature.equals(dagFiles)) {
            return;
        }
        dagFiles = signature;
        if (publisher.hasSubscribers()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("import_errors", bag.importErrors().stream().map(ImportError::filename).distinct().count());
            body.put("dag_warnings", warnings.size());
            publisher.offer(Event.of(Json.write(body)).name("dag_files"), (subscriber, event) -> false);
        }
    }

    private void flush() {
        Map<String, DagRun> sendRuns;
        Map<TaskInstanceKey, TaskInstance> sendTasks;
        int dropped;
        synchronized (this) {
            if (runs.isEmpty() && tasks.isEmpty()) {
                return;
            }
            sendRuns = runs;
            sendTasks = tasks;
            dropped = droppedTasks;
            runs = new LinkedHashMap<>();
            tasks = new LinkedHashMap<>();
            droppedTasks = 0;
        }
        List<Map<String, Object>> runItems = new ArrayList<>();
        for (DagRun run : sendRuns.values()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("dag_id", run.dagId());
            item.put("run_id", run.runId());
            item.put("state", run.state().value());
            runItems.add(item);
        }
        List<Map<String, Object>> taskItems = new ArrayList<>();
        for (TaskInstance ti : sendTasks.values()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("dag_id", ti.dagId());
            item.put("run_id", ti.runId());
            item.put("task_id", ti.taskId());
            item.put("map_index", ti.mapIndex());
            item.put("state", ti.state().value());
            item.put("try_number", ti.tryNumber());
            taskItems.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", runItems);
        body.put("tasks", taskItems);
        body.put("truncated", dropped > 0);
        publisher.offer(Event.of(Json.write(body)).name("states"), (subscriber, event) -> false);
    }

    private void ping() {
        if (publisher.hasSubscribers()) {
            publisher.offer(Event.of("{}").name("ping"), (subscriber, event) -> false);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        timer.shutdownNow();
        publisher.close();
    }
}
