package io.updraft.schedule;

import java.time.Instant;
import java.util.Objects;

/** Airflow's data interval of a run: {@code [start, end]}; zero-length for trigger timetables. */
public record DataInterval(Instant start, Instant end) {

    public DataInterval {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("data interval ends before it starts: " + start + " > " + end);
        }
    }

    public static DataInterval exact(Instant at) {
        return new DataInterval(at, at);
    }
}
