package io.updraft.secrets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes UTF-8 text to another stream one line at a time, each line masked. A line is held until its end (or
 * {@value #MAX_LINE} bytes, or close), also across flushes, so a secret printed in pieces is still masked.
 * Thread-safe.
 */
public final class MaskingOutputStream extends OutputStream {

    static final int MAX_LINE = 64 * 1024;

    private final OutputStream target;
    private final SecretsMasker masker;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public MaskingOutputStream(OutputStream target, SecretsMasker masker) {
        this.target = target;
        this.masker = masker;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n' || line.size() >= MAX_LINE) {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i + 1 - start);
                start = i + 1;
                emit();
            }
        }
        line.write(bytes, start, end - start);
        if (line.size() >= MAX_LINE) {
            emit();
        }
    }

    private void emit() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        target.write(masker.mask(text).getBytes(StandardCharsets.UTF_8));
        target.flush();
    }

    /** Flushes complete lines only (they are written at once): a partial line waits for its end. */
    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        emit();
        target.close();
    }
}
