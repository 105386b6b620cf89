package io.updraft.listing;

/** Import errors whose file name matches {@code filenamePattern} (Airflow's pattern; null: all). */
public record ImportErrorFilter(String filenamePattern) {

    public static final ImportErrorFilter ALL = new ImportErrorFilter(null);
}
