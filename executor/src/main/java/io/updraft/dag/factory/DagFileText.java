package io.updraft.dag.factory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a DAG or defaults file as UTF-8 text, refusing what is not: a file over the size limit is refused from its
 * size alone (never read), and a binary file or bad UTF-8 is refused naming the line of the first bad byte.
 */
final class DagFileText {

    /** 4 MiB: far above any hand-written DAG file, far below what a careless copy of a data file can be. */
    static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;

    private DagFileText() {
    }

    /** @throws YamlSyntaxException naming the limit, or the line of the first byte that is not UTF-8 text */
    static String read(Path file, long maxBytes) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new YamlSyntaxException("file is " + size + " bytes, over the " + maxBytes + "-byte limit for "
                    + "DAG files (UPDRAFT_DAGS_MAX_FILE_BYTES); not read", null, null);
        }
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new YamlSyntaxException("binary file (a NUL byte at offset " + i + "), not YAML text",
                        lineAt(bytes, i), null);
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            throw new YamlSyntaxException("not UTF-8 text: invalid byte 0x"
                    + String.format("%02x", bytes[offset] & 0xff) + " at offset " + offset, lineAt(bytes, offset),
                    null);
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** 1-based line of a byte offset. */
    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
