package io.updraft.operator;

import io.updraft.secrets.MaskingOutputStream;
import io.updraft.secrets.SecretsMasker;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A log file written in Airflow's line format: {@code [timestamp] {source} LEVEL - message}, with secrets masked.
 * Thread-safe.
 */
public final class TaskLog implements AutoCloseable {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final PrintStream out;

    private TaskLog(PrintStream out) {
        this.out = out;
    }

    /** Opens the file for appending, creating its folder. */
    public static TaskLog append(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        // every line passes the secrets masker before it reaches the file, so no surface serves a secret from it
        return new TaskLog(new PrintStream(new MaskingOutputStream(new FileOutputStream(file.toFile(), true),
                SecretsMasker.global()), true, StandardCharsets.UTF_8));
    }

    public void info(String source, String message) {
        line(source, "INFO", message);
    }

    public void warn(String source, String message) {
        line(source, "WARNING", message);
    }

    public void error(String source, String message) {
        line(source, "ERROR", message);
    }

    /** Logs the message, then the stack trace. */
    public void error(String source, String message, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        synchronized (out) {
            line(source, "ERROR", message);
            out.print(trace);
        }
    }

    private void line(String source, String level, String message) {
        out.println("[" + TIMESTAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + "] {" + source + "} " + level
                + " - " + message);
    }

    /** The raw stream: what operators print here lands in the log as is. */
    public PrintStream stream() {
        return out;
    }

    @Override
    public void close() {
        out.close();
    }
}
