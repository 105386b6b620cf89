package io.updraft.store;

import io.updraft.listing.DagWarningSort;
import io.updraft.listing.EventLogSort;
import io.updraft.listing.ImportErrorSort;
import io.updraft.listing.PageRequest;
import io.updraft.listing.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The columns behind each resource's sort keys: the whitelist order_by is checked against, in API terms. */
final class ListingColumns {

    private ListingColumns() {
    }

    /** The requested order in columns, then {@code primary} as the tiebreaker. */
    static <F extends Enum<F> & SortKey> Listings.Window window(PageRequest<F> page,
                                                               Function<F, ListQuery.Sort> column,
                                                               List<ListQuery.Sort> primary) {
        List<ListQuery.Sort> order = new ArrayList<>();
        for (PageRequest.Order<F> key : page.order()) {
            ListQuery.Sort sort = column.apply(key.key());
            order.add(key.descending() ? sort.reversed() : sort);
        }
        order.addAll(primary);
        return new Listings.Window(List.copyOf(order), page.limit(), page.offset());
    }

    static ListQuery.Sort importError(ImportErrorSort key) {
        return switch (key) {
            case ID -> ListQuery.Sort.asc("id");
            case TIMESTAMP -> ListQuery.Sort.asc("\"timestamp\"");
            case FILENAME -> ListQuery.Sort.asc("filename");
        };
    }

    static ListQuery.Sort dagWarning(DagWarningSort key) {
        return switch (key) {
            case DAG_ID -> ListQuery.Sort.asc("dag_id");
            case WARNING_TYPE -> ListQuery.Sort.asc("warning_type");
            case MESSAGE -> ListQuery.Sort.asc("message");
            case TIMESTAMP -> ListQuery.Sort.asc("\"timestamp\"");
            case ID -> ListQuery.Sort.asc("id");
        };
    }

    static ListQuery.Sort eventLog(EventLogSort key) {
        return switch (key) {
            case ID -> ListQuery.Sort.asc("id");
            case WHEN -> ListQuery.Sort.asc("dttm");
            case EVENT -> ListQuery.Sort.asc("event");
            case DAG_ID -> ListQuery.Sort.nullable("dag_id");
            case TASK_ID -> ListQuery.Sort.nullable("task_id");
            case RUN_ID -> ListQuery.Sort.nullable("run_id");
            case LOGICAL_DATE -> ListQuery.Sort.nullable("logical_date");
            case OWNER -> ListQuery.Sort.nullable("owner");
            case EXTRA -> ListQuery.Sort.nullable("extra");
        };
    }
}
