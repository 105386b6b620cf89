package io.updraft.run;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Task instance ids: version 7 UUIDs (time-ordered), as Airflow 3 assigns them. Ids that grow with time are
 * appended to the end of the store's id index instead of landing on a random page of it, which on the embedded
 * store made every commit rewrite one index page per new task instance.
 */
public final class TaskInstanceIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TaskInstanceIds() {
    }

    public static String next() {
        return GENERATOR.generate().toString();
    }
}
