package io.updraft.api.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The content hash of a model artifact, a file or a folder of files: the SHA-256 of its manifest, one line
 * {@code <sha256 of the file>  <path relative to the artifact, '/'-separated>} per file in path order (the format of
 * {@code sha256sum}). A copy made by {@link #copyInto} keeps that manifest beside the files as {@value #MANIFEST},
 * which is not part of the digest and lets {@link #verify} name the file that changed.
 */
public final class ArtifactDigest {

    public static final String MANIFEST = "SHA256SUMS";

    private ArtifactDigest() {
    }

    /** A stored copy: its path (the file, or the folder) and its digest. */
    public record Stored(Path path, String sha256) {
    }

    /** The artifact's content changed since its digest was recorded. */
    public static final class MismatchException extends IOException {
        public MismatchException(String message) {
            super(message);
        }
    }

    /** The digest of a file or folder. */
    public static String of(Path artifact) throws IOException {
        return sha256(manifest(artifact).getBytes(StandardCharsets.UTF_8));
    }

    /** The manifest text of a file (one line) or a folder (every regular file below it but {@value #MANIFEST}). */
    public static String manifest(Path artifact) throws IOException {
        StringBuilder out = new StringBuilder();
        files(artifact).forEach((name, file) -> out.append(fileHash(file)).append("  ").append(name).append('\n'));
        return out.toString();
    }

    private static Map<String, Path> files(Path artifact) throws IOException {
        if (Files.isRegularFile(artifact)) {
            return Map.of(artifact.getFileName().toString(), artifact);
        }
        if (!Files.isDirectory(artifact)) {
            throw new IOException("no model artifact at " + artifact);
        }
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(artifact)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
                String name = artifact.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                if (!name.equals(MANIFEST)) {
                    files.put(name, file);
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException("model artifact folder " + artifact + " holds no files");
        }
        return files;
    }

    private static String fileHash(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that an artifact still has the digest {@code expected}.
     *
     * @throws MismatchException naming the files added, removed or changed (when the copy's manifest is there)
     */
    public static void verify(Path artifact, String expected) throws IOException {
        String actual;
        try {
            actual = of(artifact);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (actual.equals(expected)) {
            return;
        }
        Path folder = Files.isDirectory(artifact) ? artifact : artifact.toAbsolutePath().getParent();
        String detail = "";
        Path manifestFile = folder.resolve(MANIFEST);
        if (Files.isRegularFile(manifestFile)) {
            Map<String, String> recorded = parse(Files.readString(manifestFile));
            Map<String, String> now = parse(manifest(artifact));
            List<String> differences = new ArrayList<>();
            recorded.forEach((name, hash) -> {
                if (!now.containsKey(name)) {
                    differences.add(name + " is missing");
                } else if (!now.get(name).equals(hash)) {
                    differences.add(name + " changed");
                }
            });
            now.keySet().stream().filter(name -> !recorded.containsKey(name))
                    .forEach(name -> differences.add(name + " was added"));
            if (!differences.isEmpty()) {
                detail = " (" + String.join(", ", differences) + ")";
            }
        }
        throw new MismatchException("model artifact " + artifact + " does not match its registered SHA-256 "
                + expected + ": its content now hashes to " + actual + detail);
    }

    private static Map<String, String> parse(String manifest) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : manifest.split("\n")) {
            int gap = line.indexOf("  ");
            if (gap > 0) {
                out.put(line.substring(gap + 2), line.substring(0, gap));
            }
        }
        return out;
    }

    /**
     * Copies an artifact to {@code parent/<digest>/} (content-addressed: the same content is stored once) with its
     * manifest, and returns the copy: the folder for a folder, the file inside it for a file. The copy is made
     * under a temporary name and moved into place, so a half-made copy is never found under a digest.
     */
    public static Stored copyInto(Path source, Path parent) throws IOException {
        Map<String, Path> files;
        try {
            files = files(source);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        Files.createDirectories(parent);
        Path incoming = parent.resolve(".incoming-" + UUID.randomUUID());
        try {
            for (Map.Entry<String, Path> file : files.entrySet()) {
                Path target = incoming.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.copy(file.getValue(), target, StandardCopyOption.COPY_ATTRIBUTES);
            }
            String manifest;
            try {
                manifest = manifest(incoming);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            String sha256 = sha256(manifest.getBytes(StandardCharsets.UTF_8));
            Files.writeString(incoming.resolve(MANIFEST), manifest);
            Path folder = parent.resolve(sha256);
            if (Files.isDirectory(folder)) {
                try {
                    verify(folder, sha256);
                } catch (MismatchException e) {
                    deleteTree(folder); // a damaged earlier copy of the same content: replace it
                }
            }
            if (!Files.isDirectory(folder)) {
                try {
                    Files.move(incoming, folder, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    verify(folder, sha256); // a concurrent registration of the same content won
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(incoming, folder);
                }
            }
            Path stored = Files.isRegularFile(source) ? folder.resolve(source.getFileName().toString()) : folder;
            return new Stored(stored, sha256);
        } finally {
            if (Files.exists(incoming)) {
                deleteTree(incoming);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }
}
