package io.updraft.listing;

import java.time.Instant;

/** Bounds on a timestamp (null: no bound); a row without the timestamp is outside any range. */
public record TimeRange(Instant gte, Instant lte, Instant gt, Instant lt) {

    public static TimeRange between(Instant gte, Instant lte) {
        return new TimeRange(gte, lte, null, null);
    }
}
