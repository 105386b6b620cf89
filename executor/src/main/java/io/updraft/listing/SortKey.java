package io.updraft.listing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A sort enum's constant: selected in {@code order_by} by its name in lower case, or by one of its aliases (the
 * same column under another API name, e.g. v1's {@code dag_run_id}).
 */
public interface SortKey {

    String name();

    default List<String> aliases() {
        return List.of();
    }

    default List<String> apiNames() {
        List<String> names = new ArrayList<>(List.of(name().toLowerCase(Locale.ROOT)));
        names.addAll(aliases());
        return names;
    }

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
