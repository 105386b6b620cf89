package io.updraft.plugins.ml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The version of the pipeline code that made a model: {@code ml-sha256:<16 hex>}, a SHA-256 over the compiled
 * classes of this package (what actually ran, whether from a folder or a jar), followed by the package's
 * Implementation-Version and the git commit of the checkout it was built in, when those are known.
 */
public final class CodeVersion {

    private static final String PACKAGE_PATH = CodeVersion.class.getPackageName().replace('.', '/') + "/";
    private static volatile String cached;

    private CodeVersion() {
    }

    public static String current() {
        String v = cached;
        if (v == null) {
            v = compute();
            cached = v;
        }
        return v;
    }

    /** The classes hash alone ({@code ml-sha256:<16 hex>}), without the version and commit that follow it. */
    public static String classes(String codeVersion) {
        int space = codeVersion == null ? -1 : codeVersion.indexOf(' ');
        return space < 0 ? codeVersion : codeVersion.substring(0, space);
    }

    private static String compute() {
        StringBuilder out = new StringBuilder();
        Path location = null;
        try {
            location = Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            out.append("ml-sha256:").append(classesHash(location).substring(0, 16));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            out.append("ml-sha256:unknown");
        }
        String implementation = CodeVersion.class.getPackage().getImplementationVersion();
        if (implementation != null) {
            out.append(" version:").append(implementation);
        }
        String commit = location == null ? null : gitCommit(location);
        if (commit != null) {
            out.append(" git:").append(commit);
        }
        return out.toString();
    }

    /** SHA-256 over the names and bytes of this package's class files, in name order. */
    static String classesHash(Path location) throws IOException {
        TreeMap<String, byte[]> classes = new TreeMap<>();
        if (Files.isDirectory(location)) {
            Path folder = location.resolve(PACKAGE_PATH);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    classes.put(file.getFileName().toString(), Files.readAllBytes(file));
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                var entries = jar.entries();
                while (entries.hasMoreElements()) {
                    var entry = entries.nextElement();
                    String name = entry.getName();
                    if (name.startsWith(PACKAGE_PATH) && name.endsWith(".class")
                            && name.indexOf('/', PACKAGE_PATH.length()) < 0) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.put(name.substring(PACKAGE_PATH.length()), in.readAllBytes());
                        }
                    }
                }
            }
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            classes.forEach((name, bytes) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update(bytes);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The commit of the git checkout holding {@code location}, or null (no git, not a checkout). */
    private static String gitCommit(Path location) {
        Path dir = Files.isDirectory(location) ? location : location.getParent();
        if (dir == null) {
            return null;
        }
        try {
            Process git = new ProcessBuilder(List.of("git", "-C", dir.toString(), "rev-parse", "--short=12", "HEAD"))
                    .redirectErrorStream(true).start();
            String text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!git.waitFor(5, TimeUnit.SECONDS) || git.exitValue() != 0 || !text.matches("[0-9a-f]{12}")) {
                return null;
            }
            return text;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
