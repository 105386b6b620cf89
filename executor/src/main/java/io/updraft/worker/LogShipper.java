package io.updraft.worker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Streams a try's log file to the node as it grows: whole lines only (the node masks secrets line by line), from
 * where the last shipment ended. Thread-safe.
 */
final class LogShipper {

    private static final int MAX_CHUNK = 1 << 20;

    private final ExecutionClient client;
    private final String tryId;
    private final Path file;
    private long shipped;

    LogShipper(ExecutionClient client, String tryId, Path file) {
        this.client = client;
        this.tryId = tryId;
        this.file = file;
    }

    /** Sends what was written since the last call, up to its last complete line. Failures are retried next time. */
    synchronized void ship(String token) {
        try {
            if (!Files.exists(file)) {
                return;
            }
            byte[] chunk;
            try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                long available = in.length() - shipped;
                if (available <= 0) {
                    return;
                }
                chunk = new byte[(int) Math.min(available, MAX_CHUNK)];
                in.seek(shipped);
                in.readFully(chunk);
            }
            int end = chunk.length;
            while (end > 0 && chunk[end - 1] != '\n') {
                end--;
            }
            if (end == 0) {
                return;
            }
            ExecutionClient.Answer answer = client.post("/execution/tries/" + tryId + "/logs", token,
                    "text/plain; charset=utf-8", new String(chunk, 0, end, StandardCharsets.UTF_8),
                    Duration.ofSeconds(30));
            if (answer.status() / 100 == 2) {
                shipped += end;
            }
        } catch (IOException e) {
            // the node is unreachable for now: the next call sends it all
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
