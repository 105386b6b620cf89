package io.updraft.operator;

import io.updraft.json.Json;
import io.updraft.run.Trigger;
import io.updraft.config.Connection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Airflow's FileSensor: waits for a file, or a folder with a file in it, at {@code filepath} (a glob; {@code **}
 * with {@code recursive}) under the {@code fs_conn_id} connection's {@code path} extra. Deferred, it waits on a file
 * trigger the engine checks every {@code poke_interval}.
 */
final class FileSensor extends SensorOperator {

    static final String TRIGGER = "file";
    private static final String SOURCE = "filesystem.py";

    private final String connectionId;
    private final String filepath;
    private final boolean recursive;

    FileSensor(SensorArguments sensor, String connectionId, String filepath, boolean recursive) {
        super(sensor);
        this.connectionId = connectionId;
        this.filepath = filepath;
        this.recursive = recursive;
    }

    /** os.path.join(basepath, filepath): an absolute filepath wins. */
    private String path(RunningTask task) throws Exception {
        Connection connection = HttpConnections.find(connectionId, task);
        String base = "";
        if (connection.extra() != null && !connection.extra().isBlank()) {
            Object path = Json.readObject(connection.extra()).get("path");
            base = path == null ? "" : String.valueOf(path);
        }
        if (filepath.startsWith("/") || base.isEmpty()) {
            return filepath;
        }
        return base.endsWith("/") ? base + filepath : base + "/" + filepath;
    }

    @Override
    protected Poke poke(RunningTask task) throws Exception {
        String path = path(task);
        task.taskLog().info(SOURCE, "Poking for file " + path);
        boolean found = exists(path, recursive);
        if (found) {
            task.taskLog().info(SOURCE, "Found File " + path);
        }
        return Poke.of(found);
    }

    @Override
    protected Trigger trigger(RunningTask task, Instant timeoutAt) throws Exception {
        return new Trigger(TRIGGER, Map.of("filepath", path(task), "recursive", recursive),
                Instant.now().plus(sensor.pokeInterval()), sensor.pokeInterval(), timeoutAt);
    }

    /** As the sensor's poke: a file matches, or a matching folder has a file somewhere below it. */
    static boolean exists(String pattern, boolean recursive) {
        int glob = firstGlobCharacter(pattern);
        if (glob < 0) {
            return hasFile(Path.of(pattern));
        }
        int slash = pattern.lastIndexOf('/', glob);
        Path root = Path.of(slash <= 0 ? (pattern.startsWith("/") ? "/" : ".") : pattern.substring(0, slash));
        if (!Files.isDirectory(root)) {
            return false;
        }
        String effective = recursive ? pattern : pattern.replace("**", "*");
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + effective);
        int depth = recursive && pattern.contains("**") ? Integer.MAX_VALUE
                : (int) pattern.substring(slash + 1).chars().filter(c -> c == '/').count() + 1;
        try (Stream<Path> paths = Files.walk(root, depth)) {
            return paths.filter(p -> matcher.matches(slash <= 0 && !pattern.startsWith("/") ? root.relativize(p) : p))
                    .anyMatch(FileSensor::hasFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasFile(Path path) {
        if (Files.isRegularFile(path)) {
            return true;
        }
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> below = Files.walk(path)) {
            return below.anyMatch(Files::isRegularFile);
        } catch (IOException e) {
            return false;
        }
    }

    private static int firstGlobCharacter(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if ("*?[".indexOf(pattern.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
