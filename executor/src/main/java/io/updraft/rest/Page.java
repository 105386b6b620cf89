package io.updraft.rest;

import io.updraft.listing.PageRequest;
import io.updraft.listing.Slice;
import io.updraft.listing.SortKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Airflow's offset pagination over a filtered list: {@code limit} (default 50 in v2, 100 in v1, capped at
 * {@code [api] maximum_page_limit} = 100), {@code offset}, and {@code order_by} fields with a {@code -} prefix for
 * descending order. The default order (the primary key) breaks ties, as Airflow appends it to every ordering.
 *
 * @param items the requested page
 * @param total how many items match before paging ({@code total_entries})
 */
public record Page<T>(List<T> items, long total) {

    public static final int MAXIMUM_PAGE_LIMIT = 100;

    /**
     * @param sortable the fields order_by may name, with their comparators (nulls are handled by the caller)
     * @param primary the field used when order_by is absent, and as the tiebreaker
     */
    public static <T> Page<T> of(List<T> all, Query query, Map<String, Comparator<T>> sortable, String primary) {
        Integer limit = query.integer("limit");
        Integer offset = query.integer("offset");
        if (limit != null && limit < 0) {
            throw query.bad("greater_than_equal", "limit", "Input should be greater than or equal to 0", limit);
        }
        if (offset != null && offset < 0) {
            throw query.bad("greater_than_equal", "offset", "Input should be greater than or equal to 0", offset);
        }
        return of(all, limit, offset, query.all("order_by"), query.isV1() ? 100 : 50, sortable, primary);
    }

    /** The same for batch bodies ({@code page_limit}, {@code page_offset}, {@code order_by}). */
    public static <T> Page<T> of(List<T> all, Integer limit, Integer offset, List<String> orderBy, int defaultLimit,
                                 Map<String, Comparator<T>> sortable, String primary) {
        int size = Math.min(limit == null ? defaultLimit : limit, MAXIMUM_PAGE_LIMIT);
        int from = offset == null ? 0 : offset;
        Comparator<T> order = null;
        for (String field : orderBy) {
            boolean descending = field.startsWith("-");
            String name = descending ? field.substring(1) : field;
            Comparator<T> comparator = sortable.get(name);
            if (comparator == null) {
                throw ApiException.badRequest("Ordering with '" + name
                        + "' is disallowed or the attribute does not exist on the model");
            }
            comparator = descending ? comparator.reversed() : comparator;
            order = order == null ? comparator : order.thenComparing(comparator);
        }
        Comparator<T> tiebreak = sortable.get(primary);
        order = order == null ? tiebreak : order.thenComparing(tiebreak);
        List<T> sorted = new ArrayList<>(all);
        sorted.sort(order);
        List<T> page = from >= sorted.size() ? List.of()
                : sorted.subList(from, Math.min(sorted.size(), from + size));
        return new Page<>(List.copyOf(page), sorted.size());
    }

    /** Airflow's list body: the items as {@code view} shows them under {@code collection}, then total_entries. */
    public Map<String, Object> body(String collection, Function<? super T, ?> view) {
        return body(collection, items.stream().map(view).toList(), total);
    }

    /** Airflow's list body of items already shown. */
    public static Map<String, Object> body(String collection, List<?> shown, long total) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(collection, shown);
        body.put("total_entries", total);
        return body;
    }

    /**
     * A list endpoint's page read by the store: {@link #request(Query, Set, List)} with every key of the
     * tiebreak's sort enum allowed in order_by, handed to {@code reader}.
     */
    public static <T, F extends Enum<F> & SortKey> Page<T> read(Query query, List<F> tiebreak,
                                                                Function<PageRequest<F>, Slice<T>> reader) {
        return of(reader.apply(request(query, tiebreak)));
    }

    /** A page read by the store ({@link io.updraft.listing.Lists}). */
    public static <T> Page<T> of(Slice<T> slice) {
        return new Page<>(slice.items(), slice.total());
    }

    /** {@link #request(Query, Set, List)} with every key of the tiebreak's sort enum allowed. */
    public static <F extends Enum<F> & SortKey> PageRequest<F> request(Query query, List<F> tiebreak) {
        return request(query, everyKey(tiebreak), tiebreak);
    }

    /** Every key of the tiebreak keys' sort enum. */
    public static <F extends Enum<F> & SortKey> Set<F> everyKey(List<F> tiebreak) {
        return EnumSet.allOf(tiebreak.get(0).getDeclaringClass());
    }

    /**
     * The request's {@code limit}, {@code offset} and {@code order_by} (names of {@code sortable} keys), with the
     * same errors as {@link #of(List, Query, Map, String)}; {@code tiebreak} is the default order.
     */
    public static <F extends Enum<F> & SortKey> PageRequest<F> request(Query query, Set<F> sortable,
                                                                       List<F> tiebreak) {
        Integer limit = query.integer("limit");
        Integer offset = query.integer("offset");
        if (limit != null && limit < 0) {
            throw query.bad("greater_than_equal", "limit", "Input should be greater than or equal to 0", limit);
        }
        if (offset != null && offset < 0) {
            throw query.bad("greater_than_equal", "offset", "Input should be greater than or equal to 0", offset);
        }
        return request(limit, offset, query.all("order_by"), query.isV1() ? 100 : 50, sortable, tiebreak);
    }

    /** The same for batch bodies ({@code page_limit}, {@code page_offset}, {@code order_by}). */
    public static <F extends Enum<F> & SortKey> PageRequest<F> request(Integer limit, Integer offset,
                                                                       List<String> orderBy, int defaultLimit,
                                                                       Set<F> sortable, List<F> tiebreak) {
        List<PageRequest.Order<F>> order = new ArrayList<>();
        for (String field : orderBy) {
            boolean descending = field.startsWith("-");
            String name = descending ? field.substring(1) : field;
            F key = SortKey.named(sortable, name);
            if (key == null) {
                throw ApiException.badRequest("Ordering with '" + name
                        + "' is disallowed or the attribute does not exist on the model");
            }
            order.add(new PageRequest.Order<>(key, descending));
        }
        return new PageRequest<>(order, tiebreak, Math.min(limit == null ? defaultLimit : limit,
                MAXIMUM_PAGE_LIMIT), offset == null ? 0 : offset);
    }

    /** Compares by a possibly-null key, nulls first. */
    public static <T, U extends Comparable<? super U>> Comparator<T> by(Function<T, U> key) {
        return Comparator.comparing(key, Comparator.nullsFirst(Comparator.naturalOrder()));
    }
}
