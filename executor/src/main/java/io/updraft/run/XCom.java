package io.updraft.run;

import java.time.Instant;

/**
 * One XCom entry.
 *
 * @param value the value as JSON text
 */
public record XCom(String dagId, String runId, String taskId, int mapIndex, String key, String value, Instant timestamp) {

    public static final String RETURN_VALUE = "return_value";
}
