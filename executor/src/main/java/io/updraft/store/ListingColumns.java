package io.updraft.store;

import io.updraft.listing.DagRunFilter;
import io.updraft.listing.DagRunSort;
import io.updraft.listing.DagSort;
import io.updraft.listing.DagVersionSort;
import io.updraft.listing.DagWarningSort;
import io.updraft.listing.EventLogSort;
import io.updraft.listing.ImportErrorSort;
import io.updraft.listing.PageRequest;
import io.updraft.listing.SortKey;
import io.updraft.listing.TaskInstanceFilter;
import io.updraft.listing.TaskInstanceSort;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The columns behind each resource's sort keys: the whitelist order_by is checked against, in API terms. */
final class ListingColumns {

    private ListingColumns() {
    }

    /** The requested order in columns, then the tiebreak keys ascending. */
    static <F extends Enum<F> & SortKey> Listings.Window window(PageRequest<F> page,
                                                               Function<F, ListQuery.Sort> column) {
        List<ListQuery.Sort> order = new ArrayList<>();
        for (PageRequest.Order<F> key : page.order()) {
            ListQuery.Sort sort = column.apply(key.key());
            order.add(key.descending() ? sort.reversed() : sort);
        }
        for (F key : page.tiebreak()) {
            order.add(column.apply(key));
        }
        return new Listings.Window(List.copyOf(order), page.limit(), page.offset());
    }

    static ListQuery.Sort dag(DagSort key) {
        return switch (key) {
            case DAG_ID -> ListQuery.Sort.asc("dag_id");
            case DAG_DISPLAY_NAME -> ListQuery.Sort.nullable("dag_display_name");
            case NEXT_DAGRUN -> ListQuery.Sort.nullable("next_dagrun");
            case LAST_PARSED_TIME -> ListQuery.Sort.nullable("last_parsed_time");
        };
    }

    static ListQuery.Sort dagVersion(DagVersionSort key) {
        return switch (key) {
            case ID -> ListQuery.Sort.asc("id");
            case VERSION_NUMBER -> ListQuery.Sort.asc("version_number");
            case BUNDLE_NAME -> ListQuery.Sort.asc("dag_id");
        };
    }

    static ListQuery.Sort dagRun(DagRunSort key) {
        return switch (key) {
            case ID -> ListQuery.Sort.asc("id");
            case STATE -> ListQuery.Sort.asc("state");
            case DAG_ID -> ListQuery.Sort.asc("dag_id");
            case RUN_ID -> ListQuery.Sort.asc("run_id");
            case LOGICAL_DATE -> ListQuery.Sort.nullable("logical_date");
            case RUN_AFTER -> ListQuery.Sort.nullable("run_after");
            case START_DATE -> ListQuery.Sort.nullable("start_date");
            case END_DATE -> ListQuery.Sort.nullable("end_date");
            case UPDATED_AT -> ListQuery.Sort.nullable("updated_at");
            case DATA_INTERVAL_START -> ListQuery.Sort.nullable("data_interval_start");
            case DATA_INTERVAL_END -> ListQuery.Sort.nullable("data_interval_end");
        };
    }

    static String runDate(DagRunFilter.Date date) {
        return switch (date) {
            case LOGICAL_DATE -> "logical_date";
            case RUN_AFTER -> "run_after";
            case START_DATE -> "start_date";
            case END_DATE -> "end_date";
            case UPDATED_AT -> "updated_at";
        };
    }

    static ListQuery.Sort taskInstance(TaskInstanceSort key) {
        return switch (key) {
            case ID -> ListQuery.Sort.asc("id");
            case TASK_ID -> ListQuery.Sort.asc("task_id");
            case DAG_ID -> ListQuery.Sort.asc("dag_id");
            case RUN_ID -> ListQuery.Sort.asc("run_id");
            case MAP_INDEX -> ListQuery.Sort.asc("map_index");
            case STATE -> ListQuery.Sort.nullable("state");
            case START_DATE -> ListQuery.Sort.nullable("start_date");
            case END_DATE -> ListQuery.Sort.nullable("end_date");
            case DURATION -> ListQuery.Sort.nullable(Listings.TASK_INSTANCE_DURATION);
            case TRY_NUMBER -> ListQuery.Sort.asc("try_number");
            case POOL -> ListQuery.Sort.nullable("pool");
            case QUEUE -> ListQuery.Sort.nullable("queue");
            case PRIORITY_WEIGHT -> ListQuery.Sort.asc("priority_weight");
            case OPERATOR -> ListQuery.Sort.nullable("operator");
            case UPDATED_AT -> ListQuery.Sort.nullable("updated_at");
        };
    }

    /** A task instance's own timestamps, or its run's. */
    static String taskInstanceDate(TaskInstanceFilter.Date date) {
        return switch (date) {
            case RUN_AFTER -> Listings.runColumnOfTaskInstance("run_after");
            case LOGICAL_DATE -> Listings.runColumnOfTaskInstance("logical_date");
            case START_DATE -> "start_date";
            case END_DATE -> "end_date";
            case UPDATED_AT -> "updated_at";
        };
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
