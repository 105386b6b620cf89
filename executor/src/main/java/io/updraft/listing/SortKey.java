package io.updraft.listing;

import java.util.List;

/** A sort enum's constant: the {@code order_by} names that select it (aliases included). */
public interface SortKey {

    List<String> apiNames();

    /** The constant of {@code keys} that {@code name} selects, or null for an unknown name. */
    static <F extends Enum<F> & SortKey> F named(Class<F> keys, String name) {
        for (F key : keys.getEnumConstants()) {
            if (key.apiNames().contains(name)) {
                return key;
            }
        }
        return null;
    }
}
