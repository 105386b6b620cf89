package io.updraft.listing;

import java.util.List;

/** A page of rows and how many rows matched in all ({@code total_entries}). */
public record Slice<T>(List<T> items, long total) {
}
