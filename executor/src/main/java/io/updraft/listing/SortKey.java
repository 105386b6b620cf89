package io.updraft.listing;

import java.util.Collection;
import java.util.List;

/** A sort enum's constant: the {@code order_by} names that select it (aliases included). */
public interface SortKey {

    List<String> apiNames();

    /** The key of {@code sortable} that {@code name} selects, or null for an unknown name. */
    static <F extends Enum<F> & SortKey> F named(Collection<F> sortable, String name) {
        for (F key : sortable) {
            if (key.apiNames().contains(name)) {
                return key;
            }
        }
        return null;
    }
}
