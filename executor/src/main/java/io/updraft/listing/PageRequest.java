package io.updraft.listing;

import java.util.List;

/**
 * A page of a list: the {@code order_by} keys asked for (the store appends the resource's primary key as the
 * tiebreaker), {@code limit} and {@code offset}.
 */
public record PageRequest<F extends Enum<F> & SortKey>(List<Order<F>> order, int limit, int offset) {

    public PageRequest {
        order = List.copyOf(order);
    }

    /** One order_by key: {@code -name} is descending. */
    public record Order<F extends Enum<F> & SortKey>(F key, boolean descending) {
    }
}
