package io.updraft.rest;

import io.updraft.json.Json;
import java.nio.charset.StandardCharsets;

/**
 * The lengths and sizes the API accepts, Airflow's where it has them: ids and keys as its {@code ID_LEN} (250), pool
 * names 256, XCom keys 512 (its columns); conf and XCom values at most 1 MiB as JSON, so one request cannot make
 * every later read of a run or task heavy. Request bodies are capped by {@code micronaut.server.max-request-size}.
 */
public final class InputLimits {

    /** Airflow's ID_LEN: dag_id, run_id, task_id, variable key, connection id columns. */
    public static final int ID_LENGTH = 250;
    public static final int POOL_NAME_LENGTH = 256;
    public static final int XCOM_KEY_LENGTH = 512;
    public static final int NOTE_LENGTH = 1000;
    public static final int JSON_VALUE_BYTES = io.updraft.operator.OperatorTaskRunner.MAX_XCOM_BYTES;

    private InputLimits() {
    }

    /**
     * The value of a body field (conf, an XCom value) unless its JSON is larger than {@link #JSON_VALUE_BYTES}: then
     * a validation error naming the field and both sizes (without echoing the value).
     */
    public static <T> T sized(Body body, String field, T value) {
        if (value == null) {
            return null;
        }
        int bytes = Json.write(value).getBytes(StandardCharsets.UTF_8).length;
        if (bytes > JSON_VALUE_BYTES) {
            throw body.invalid("value_error", field, "Value error, " + field + " is " + bytes
                    + " bytes as JSON; at most " + JSON_VALUE_BYTES + " are accepted", "<" + bytes + " bytes>");
        }
        return value;
    }
}
