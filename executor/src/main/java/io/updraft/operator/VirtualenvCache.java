package io.updraft.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * PythonVirtualenvOperator's environments, under {@code UPDRAFT_HOME/python/venvs/<hash>}: named by a hash of what
 * makes them (interpreter, requirements, pip options), built once (in a temporary folder, then renamed, so no
 * task sees half an environment), reused, and pruned when unused for {@link #RETENTION}. Thread-safe; several
 * processes may share the folder.
 */
final class VirtualenvCache {

    /** Environments unused for this long are deleted when another one is built. */
    static final Duration RETENTION = Duration.ofDays(7);
    private static final String LAST_USED = ".updraft-last-used";

    private final Path folder;
    private final String basePython;
    private final Map<Path, Object> locks = new ConcurrentHashMap<>();

    VirtualenvCache(Path folder, String basePython) {
        this.folder = folder;
        this.basePython = basePython;
    }

    /** The interpreter of the environment {@code isolation} describes, built first when needed. */
    Path interpreter(PythonIsolation isolation, Map<String, String> environment, TaskLog log, ProcessGuard guard)
            throws Exception {
        String python = isolation.pythonVersion() == null ? basePython : "python" + isolation.pythonVersion();
        Path venv = folder.resolve(hash(isolation, python));
        synchronized (locks.computeIfAbsent(venv, key -> new Object())) {
            if (Files.isRegularFile(venv.resolve(LAST_USED))) {
                log.info("python_virtualenv.py", "Reusing the cached virtualenv " + venv);
            } else {
                build(isolation, python, venv, environment, log, guard);
                prune(venv);
            }
            Files.setLastModifiedTime(venv.resolve(LAST_USED), FileTime.from(Instant.now()));
        }
        return venv.resolve("bin").resolve("python");
    }

    private void build(PythonIsolation isolation, String python, Path venv, Map<String, String> environment,
            TaskLog log, ProcessGuard guard) throws Exception {
        Path temp = folder.resolve(venv.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectories(folder);
        try {
            log.info("python_virtualenv.py", "Creating the virtualenv " + venv + " with " + python);
            List<String> create = new ArrayList<>(List.of(python, "-m", "venv"));
            if (isolation.systemSitePackages()) {
                create.add("--system-site-packages");
            }
            create.add(temp.toString());
            run(create, environment, log, guard, "cannot create a virtualenv with " + python
                    + (isolation.pythonVersion() == null ? "" : " (is Python " + isolation.pythonVersion()
                    + " installed?)"));
            List<String> install = pipInstall(isolation, temp);
            if (install != null) {
                run(install, environment, log, guard, "pip install failed");
            }
            Files.writeString(temp.resolve(LAST_USED), "");
            try {
                Files.move(temp, venv, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                log.info("python_virtualenv.py", "Another process built the same virtualenv first; using it");
            }
        } finally {
            deleteTree(temp);
        }
    }

    private static List<String> pipInstall(PythonIsolation isolation, Path venv) {
        if (isolation.requirements().isEmpty() && isolation.requirementsFile() == null) {
            return null;
        }
        List<String> command = new ArrayList<>(List.of(venv.resolve("bin").resolve("python").toString(), "-m", "pip",
                "install", "--disable-pip-version-check", "--no-input"));
        for (int i = 0; i < isolation.indexUrls().size(); i++) {
            command.add(i == 0 ? "--index-url" : "--extra-index-url");
            command.add(isolation.indexUrls().get(i));
        }
        command.addAll(isolation.pipInstallOptions());
        if (isolation.requirementsFile() != null) {
            command.add("-r");
            command.add(isolation.requirementsFile());
        }
        command.addAll(isolation.requirements());
        return command;
    }

    private static void run(List<String> command, Map<String, String> environment, TaskLog log, ProcessGuard guard,
            String failure) throws Exception {
        log.info("python_virtualenv.py", "Running " + String.join(" ", command));
        int exitCode = guard.start(() -> Subprocess.start(command, environment, null, log, "python_virtualenv.py"))
                .waitFor();
        if (exitCode != 0) {
            throw new PythonTaskException(failure + " (exit code " + exitCode + ")");
        }
    }

    /** What makes the environment: the interpreter, the options and the requirements (a file's content too). */
    private static String hash(PythonIsolation isolation, String python) throws IOException {
        StringBuilder key = new StringBuilder(python).append('\n').append(isolation.systemSitePackages())
                .append('\n').append(isolation.pipInstallOptions()).append('\n').append(isolation.indexUrls())
                .append('\n').append(isolation.requirements().stream().sorted().toList());
        if (isolation.requirementsFile() != null) {
            key.append('\n').append(Files.readString(Path.of(isolation.requirementsFile())));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the environments (and leftovers of failed builds) unused for longer than the retention. */
    private void prune(Path keep) throws IOException {
        Instant cutoff = Instant.now().minus(RETENTION);
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                if (entry.equals(keep)) {
                    continue;
                }
                Path marker = entry.resolve(LAST_USED);
                Instant used = Files.exists(marker) ? Files.getLastModifiedTime(marker).toInstant()
                        : Files.getLastModifiedTime(entry).toInstant();
                if (used.isBefore(cutoff)) {
                    synchronized (locks.computeIfAbsent(entry, key -> new Object())) {
                        deleteTree(entry);
                    }
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
