package io.updraft.listing;

import java.util.List;

/**
 * A page of a list: the {@code order_by} keys asked for, then the resource's default order as the tiebreaker
 * (ascending; it ends with a unique key so pages never overlap), {@code limit} and {@code offset}.
 */
public record PageRequest<F extends Enum<F> & SortKey>(List<Order<F>> order, List<F> tiebreak, int limit,
                                                       int offset) {

    public PageRequest {
        order = List.copyOf(order);
        tiebreak = List.copyOf(tiebreak);
    }

    /** Every row in the tiebreak order (a bulk change's matches). */
    public static <F extends Enum<F> & SortKey> PageRequest<F> all(List<F> tiebreak) {
        return new PageRequest<>(List.of(), tiebreak, Integer.MAX_VALUE, 0);
    }

    /** One order_by key: {@code -name} is descending. */
    public record Order<F extends Enum<F> & SortKey>(F key, boolean descending) {
    }
}
