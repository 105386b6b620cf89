package io.updraft.store;

import io.updraft.asset.AssetQueries;
import io.updraft.asset.AssetRecords.StoredAlias;
import io.updraft.asset.AssetRecords.StoredAsset;
import io.updraft.asset.AssetRecords.StoredEvent;
import io.updraft.listing.AssetAliasFilter;
import io.updraft.listing.AssetAliasSort;
import io.updraft.listing.AssetEventFilter;
import io.updraft.listing.AssetEventSort;
import io.updraft.listing.AssetFilter;
import io.updraft.listing.AssetSort;
import io.updraft.listing.PageRequest;
import io.updraft.listing.Slice;
import io.updraft.listing.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The asset lists of {@link JdbiListings}: typed filters and sort keys turned into {@link AssetQueries} reads. */
final class AssetListings {

    private final AssetQueries queries;

    AssetListings(AssetQueries queries) {
        this.queries = queries;
    }

    Slice<StoredAsset> assets(AssetFilter filter, PageRequest<AssetSort> page) {
        AssetQueries.Where where = new AssetQueries.Where();
        like(where, "name", filter.namePattern());
        like(where, "uri", filter.uriPattern());
        prefix(where, "name", filter.namePrefix());
        prefix(where, "uri", filter.uriPrefix());
        if (filter.onlyActive()) {
            where.add("active = TRUE");
        }
        if (filter.ids() != null) {
            List<Object> ids = new ArrayList<>(filter.ids());
            if (ids.isEmpty()) {
                ids.add(-1L); // IN () is not SQL
            }
            where.add("id IN (<dag_asset_ids>)", "dag_asset_ids", ids);
        }
        return slice(queries.assets(where, window(page, AssetListings::asset)));
    }

    Slice<StoredEvent> events(AssetEventFilter filter, PageRequest<AssetEventSort> page) {
        AssetQueries.Where where = new AssetQueries.Where()
                .add("e.asset_id = :asset_id", "asset_id", filter.assetId())
                .add("e.source_dag_id = :source_dag_id", "source_dag_id", filter.sourceDagId())
                .add("e.source_task_id = :source_task_id", "source_task_id", filter.sourceTaskId())
                .add("e.source_run_id = :source_run_id", "source_run_id", filter.sourceRunId())
                .add("e.source_map_index = :source_map_index", "source_map_index", filter.sourceMapIndex())
                .add("e.\"timestamp\" >= :ts_gte", "ts_gte", filter.timestamp().gte())
                .add("e.\"timestamp\" > :ts_gt", "ts_gt", filter.timestamp().gt())
                .add("e.\"timestamp\" <= :ts_lte", "ts_lte", filter.timestamp().lte())
                .add("e.\"timestamp\" < :ts_lt", "ts_lt", filter.timestamp().lt());
        like(where, "a.name", filter.namePattern());
        prefix(where, "a.name", filter.namePrefix());
        return slice(queries.events(where, window(page, AssetListings::event)));
    }

    Slice<StoredAlias> aliases(AssetAliasFilter filter, PageRequest<AssetAliasSort> page) {
        AssetQueries.Where where = new AssetQueries.Where().add("id = :id", "id", filter.id());
        like(where, "name", filter.namePattern());
        prefix(where, "name", filter.namePrefix());
        return slice(queries.aliases(where, window(page, key -> key == AssetAliasSort.ID ? "id" : "name")));
    }

    private static String asset(AssetSort key) {
        return switch (key) {
            case ID -> "id";
            case NAME -> "name";
            case URI -> "uri";
            case CREATED_AT -> "created_at";
            case UPDATED_AT -> "updated_at";
        };
    }

    private static String event(AssetEventSort key) {
        return switch (key) {
            case SOURCE_TASK_ID -> "e.source_task_id";
            case SOURCE_DAG_ID -> "e.source_dag_id";
            case SOURCE_RUN_ID -> "e.source_run_id";
            case SOURCE_MAP_INDEX -> "e.source_map_index";
            case TIMESTAMP -> "e.\"timestamp\"";
            case ID -> "e.id";
        };
    }

    /** Airflow's asset {@code *_pattern}: case-insensitive, anywhere in the text; {@code ~} matches all. */
    private static void like(AssetQueries.Where where, String column, String pattern) {
        if (pattern != null && !pattern.equals("~")) {
            String name = column.replace('.', '_') + "_like";
            where.add("LOWER(" + column + ") LIKE :" + name, name, "%" + pattern.toLowerCase(Locale.ROOT) + "%");
        }
    }

    private static void prefix(AssetQueries.Where where, String column, String pattern) {
        if (pattern != null) {
            String name = column.replace('.', '_') + "_prefix";
            // '!' as the escape: Jdbi's statement lexer reads a quoted backslash as an escaped quote
            where.add(column + " LIKE :" + name + " ESCAPE '!'", name, ListQuery.likeLiteral(pattern) + "%");
        }
    }

    /** The requested order, then the tiebreak keys ascending, as ordered column expressions. */
    private static <F extends Enum<F> & SortKey> AssetQueries.Window window(PageRequest<F> page,
                                                                            Function<F, String> column) {
        List<String> order = new ArrayList<>();
        for (PageRequest.Order<F> key : page.order()) {
            order.add(column.apply(key.key()) + (key.descending() ? " DESC" : " ASC"));
        }
        for (F key : page.tiebreak()) {
            order.add(column.apply(key) + " ASC");
        }
        return new AssetQueries.Window(List.copyOf(order), page.limit(), page.offset());
    }

    private static <T> Slice<T> slice(AssetQueries.Slice<T> slice) {
        return new Slice<>(slice.items(), slice.total());
    }
}
