package io.updraft.store;

import io.updraft.audit.AuditEvent;
import io.updraft.dag.DagWarningRecord;
import io.updraft.dag.ImportErrorRecord;
import io.updraft.listing.DagWarningFilter;
import io.updraft.listing.DagWarningSort;
import io.updraft.listing.EventLogFilter;
import io.updraft.listing.EventLogSort;
import io.updraft.listing.ImportErrorFilter;
import io.updraft.listing.ImportErrorSort;
import io.updraft.listing.Lists;
import io.updraft.listing.PageRequest;
import io.updraft.listing.Slice;
import java.util.List;

/**
 * {@link Lists} over {@link Listings}: each resource's filter record turned into a {@link ListQuery} and its sort
 * keys into columns ({@link ListingColumns}).
 */
public final class JdbiListings implements Lists {

    private static final List<ListQuery.Sort> BY_ID = List.of(ListQuery.Sort.asc("id"));

    private final Listings listings;

    public JdbiListings(Listings listings) {
        this.listings = listings;
    }

    @Override
    public Slice<ImportErrorRecord> importErrors(ImportErrorFilter filter, PageRequest<ImportErrorSort> page) {
        ListQuery where = new ListQuery().like("filename", filter.filenamePattern());
        return slice(listings.importErrors(where, ListingColumns.window(page, ListingColumns::importError, BY_ID)));
    }

    @Override
    public Slice<DagWarningRecord> dagWarnings(DagWarningFilter filter, PageRequest<DagWarningSort> page) {
        ListQuery where = new ListQuery().equal("dag_id", filter.dagId()).equal("warning_type", filter.warningType())
                .in("warning_type", filter.types());
        return slice(listings.dagWarnings(where, ListingColumns.window(page, ListingColumns::dagWarning,
                List.of(ListQuery.Sort.asc("dag_id"), ListQuery.Sort.asc("id")))));
    }

    @Override
    public Slice<AuditEvent> eventLogs(EventLogFilter filter, PageRequest<EventLogSort> page) {
        ListQuery where = new ListQuery()
                .equal("dag_id", filter.dagId())
                .equal("task_id", filter.taskId())
                .equal("run_id", filter.runId())
                .equal("map_index", filter.mapIndex())
                .equal("try_number", filter.tryNumber())
                .equal("owner", filter.owner())
                .equal("event", filter.event())
                .like("dag_id", filter.dagIdPattern())
                .like("task_id", filter.taskIdPattern())
                .like("run_id", filter.runIdPattern())
                .like("owner", filter.ownerPattern())
                .like("event", filter.eventPattern())
                .range("dttm", null, null, filter.after(), filter.before());
        if (!filter.includedEvents().isEmpty()) {
            where.in("event", filter.includedEvents());
        }
        for (String excluded : filter.excludedEvents()) {
            where.notEqual("event", excluded);
        }
        return slice(listings.eventLogs(where, ListingColumns.window(page, ListingColumns::eventLog, BY_ID)));
    }

    private static <T> Slice<T> slice(Listings.Slice<T> slice) {
        return new Slice<>(slice.items(), slice.total());
    }
}
