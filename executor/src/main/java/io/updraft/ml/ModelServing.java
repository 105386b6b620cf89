package io.updraft.ml;

import io.updraft.UpdraftException;
import io.updraft.api.model.ArtifactDigest;
import io.updraft.api.model.ModelFormat;
import io.updraft.api.model.ModelVersion;
import io.updraft.api.model.PredictionRecord;
import io.updraft.api.model.Scorer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves each model's champion: the loaded {@link Scorer} sits in an {@link AtomicReference} per model, and a
 * promotion or rollback loads the new champion first and then swaps the reference, so a request is answered by
 * either the old or the new version, never fails in between. Champion moves made by other processes (a
 * scheduler running the deploy task) are picked up by a poll every {@code pollSeconds}. Every prediction goes to
 * the {@link PredictionLog}. Thread-safe.
 */
public final class ModelServing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServing.class);

    /** A loaded champion. */
    record Served(String name, int version, Scorer scorer) {
    }

    /**
     * One answer: the score (probability of class 1), the label, the version that gave it, and the id under which
     * it is logged (for feedback of the true label).
     */
    public record Prediction(String input, double score, int label, int modelVersion, String predictionId) {
    }

    /** The setting that lets the prediction log keep the inputs themselves, not only their SHA-256. */
    public static final String LOG_INPUTS_PROPERTY = "updraft.ml.log-inputs";
    private static final com.fasterxml.uuid.impl.TimeBasedEpochGenerator IDS =
            com.fasterxml.uuid.Generators.timeBasedEpochGenerator();

    /** The model exists but has no champion to serve. */
    public static final class NoChampionException extends UpdraftException {
        NoChampionException(String message) {
            super(message);
        }
    }

    /** The champion's artifact cannot be loaded (missing, altered since registration, unreadable). */
    public static final class ChampionUnavailableException extends UpdraftException {
        ChampionUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ModelStore registry;
    private final Map<String, ModelFormat> formats = new HashMap<>();
    private final Map<String, AtomicReference<Served>> served = new ConcurrentHashMap<>();
    private final Map<String, Object> loadLocks = new ConcurrentHashMap<>();
    private final PredictionLog log;
    private final Clock clock;
    private final boolean logInputs;
    /** Set while this class itself moves a champion, so the registry's notification does not load it twice. */
    private final ThreadLocal<Boolean> moving = ThreadLocal.withInitial(() -> false);

    /** Logs inputs when the system property or environment variable {@code UPDRAFT_ML_LOG_INPUTS} is true. */
    public ModelServing(ModelStore registry, ScheduledExecutorService poller, long pollSeconds, Clock clock) {
        this(registry, poller, pollSeconds, clock, Boolean.parseBoolean(System.getProperty(LOG_INPUTS_PROPERTY,
                System.getenv().getOrDefault("UPDRAFT_ML_LOG_INPUTS", "false"))));
    }

    /** @param logInputs whether the prediction log keeps each input (else only its SHA-256) */
    public ModelServing(ModelStore registry, ScheduledExecutorService poller, long pollSeconds, Clock clock,
            boolean logInputs) {
        this.registry = registry;
        this.clock = clock;
        this.logInputs = logInputs;
        for (ModelFormat format : ServiceLoader.load(ModelFormat.class)) {
            formats.put(format.name(), format);
        }
        this.log = new PredictionLog(registry);
        registry.onChampionChange(this::refreshQuietly);
        poller.scheduleWithFixedDelay(this::refreshAll, pollSeconds, pollSeconds, TimeUnit.SECONDS);
    }

    /** The formats found on the class path, by name. */
    public Map<String, ModelFormat> formats() {
        return Map.copyOf(formats);
    }

    /**
     * Scores inputs with the model's champion and logs each prediction.
     *
     * @throws NoSuchElementException for an unknown model
     * @throws NoChampionException when the model has no champion
     * @throws ChampionUnavailableException when the champion's artifact cannot be loaded or fails its digest check
     */
    public List<Prediction> predict(String name, List<String> inputs) {
        Served model = current(name);
        double[] scores = model.scorer().scores(inputs);
        Instant now = clock.instant();
        List<Prediction> out = new ArrayList<>(inputs.size());
        List<PredictionRecord> records = new ArrayList<>(inputs.size());
        double threshold = model.scorer().threshold();
        for (int i = 0; i < scores.length; i++) {
            int label = scores[i] >= threshold ? 1 : 0;
            String id = IDS.generate().toString();
            String input = inputs.get(i);
            out.add(new Prediction(input, scores[i], label, model.version(), id));
            records.add(new PredictionRecord(now, name, model.version(), scores[i], label, id, sha256(input),
                    logInputs ? input : null, null));
        }
        log.append(records);
        return out;
    }

    /** The version now served for a model, loading the champion on first use. */
    public int servedVersion(String name) {
        return current(name).version();
    }

    private Served current(String name) {
        AtomicReference<Served> ref = served.get(name);
        if (ref != null && ref.get() != null) {
            return ref.get();
        }
        refresh(name);
        return served.get(name).get();
    }

    /**
     * Makes {@code version} the champion: loads it first (a version whose artifact cannot be loaded is refused and
     * nothing changes), then records the promotion, then swaps it in.
     */
    public ModelVersion promote(String name, int version, String actor) throws IOException {
        ModelVersion target = registry.version(name, version).orElseThrow(() -> new NoSuchElementException(
                "model '" + name + "' has no version " + version));
        synchronized (lock(name)) {
            Scorer scorer = load(target);
            moving.set(true);
            try {
                ModelVersion promoted = registry.promote(name, version, actor);
                swap(new Served(name, version, scorer));
                return promoted;
            } finally {
                moving.set(false);
            }
        }
    }

    /** Makes the previous champion the champion again, loading it before the swap. */
    public ModelVersion rollback(String name, String actor) throws IOException {
        synchronized (lock(name)) {
            ModelVersion target = registry.rollbackTarget(name);
            Scorer scorer = load(target);
            moving.set(true);
            try {
                ModelVersion restored = registry.rollback(name, actor);
                swap(new Served(name, restored.version(), restored.version() == target.version() ? scorer
                        : load(restored)));
                return restored;
            } finally {
                moving.set(false);
            }
        }
    }

    /** Serves the registry's current champion of a model, loading it when it is not the one served. */
    public void refresh(String name) {
        synchronized (lock(name)) {
            Integer championVersion = registry.championVersion(name).orElse(null);
            if (championVersion == null) {
                if (registry.versions(name).isEmpty()) {
                    throw new NoSuchElementException("no model '" + name + "'");
                }
                throw new NoChampionException("model '" + name + "' has no champion: promote a version first");
            }
            AtomicReference<Served> ref = served.get(name);
            if (ref != null && ref.get() != null && ref.get().version() == championVersion) {
                return; // the poll's usual case: one small query
            }
            ModelVersion champion = registry.version(name, championVersion).orElseThrow();
            try {
                swap(new Served(name, champion.version(), load(champion)));
            } catch (IOException e) {
                throw new ChampionUnavailableException("cannot load champion version " + champion.version() + " of '"
                        + name + "' from " + champion.artifactPath() + ": " + e.getMessage(), e);
            }
        }
    }

    private void refreshQuietly(String name) {
        if (moving.get() || !served.containsKey(name)) {
            return; // moved by this class, or not served yet (loaded on first use)
        }
        try {
            refresh(name);
        } catch (RuntimeException e) {
            LOG.warn("Could not serve the new champion of {}: {}", name, e.getMessage());
        }
    }

    private void refreshAll() {
        for (String name : served.keySet()) {
            refreshQuietly(name);
        }
    }

    private void swap(Served next) {
        Served previous = served.computeIfAbsent(next.name(), n -> new AtomicReference<>()).getAndSet(next);
        if (previous == null || previous.version() != next.version()) {
            LOG.info("Serving {} version {}{}", next.name(), next.version(),
                    previous == null ? "" : " (was " + previous.version() + ")");
        }
    }

    private Object lock(String name) {
        return loadLocks.computeIfAbsent(name, n -> new Object());
    }

    private Scorer load(ModelVersion version) throws IOException {
        ModelFormat format = formats.get(version.format());
        if (format == null) {
            throw new IOException("no model format '" + version.format() + "' on the class path (known: "
                    + formats.keySet() + ")");
        }
        if (version.artifactPrunedAt() != null) {
            throw new IOException("the registry's copy of '" + version.name() + "' version " + version.version()
                    + " was deleted by the retention policy at " + version.artifactPrunedAt());
        }
        Path artifact = Path.of(version.artifactPath());
        if (version.artifactSha256() != null) {
            try {
                ArtifactDigest.verify(artifact, version.artifactSha256());
            } catch (ArtifactDigest.MismatchException e) {
                throw new ArtifactDigest.MismatchException("refusing to serve '" + version.name() + "' version "
                        + version.version() + ": " + e.getMessage());
            }
        }
        return format.load(artifact);
    }

    private static String sha256(String input) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every prediction so far is in the store. */
    public void flushLog() throws InterruptedException {
        log.flush();
    }

    /** Stores the predictions still queued. */
    @Override
    public void close() {
        log.close();
    }
}
