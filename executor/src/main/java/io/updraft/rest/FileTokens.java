package io.updraft.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Airflow's {@code file_token}: an opaque, URL-safe token naming a DAG file (Airflow signs it; clients only pass it
 * back). Clients require it to be a string.
 */
public final class FileTokens {

    private FileTokens() {
    }

    public static String of(String fileloc) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((fileloc == null ? "" : fileloc).getBytes(StandardCharsets.UTF_8));
    }
}
