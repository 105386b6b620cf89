/**
 * The relational store: Flyway migrations plus one Jdbi implementation per store interface, on H2 (embedded, in
 * PostgreSQL mode) or PostgreSQL. The interfaces and their records live beside their domains ({@code run},
 * {@code dag}, {@code schedule}, {@code asset}, {@code job}, {@code config}, {@code ml}, {@code auth},
 * {@code audit}, {@code dispatch}); this package imports them, never the other way round. REST lists read
 * {@link io.updraft.listing.Lists} (typed filters and sort enums, implemented by {@link
 * io.updraft.store.JdbiListings} over {@link io.updraft.store.Listings} and {@link io.updraft.store.ListQuery}:
 * the column whitelists live here); the web UI's aggregates are
 * {@link io.updraft.ui.reads.UiReads}, a package of its own that imports nothing of the project, implemented by
 * {@link io.updraft.store.JdbiUiReads}.
 * {@link io.updraft.store.Database} owns the connection pool and the schema; the
 * stores only persist and query, state rules live in {@code io.updraft.run}. Vendor differences (upsert syntax)
 * are chosen through the package-private {@code Dialect}; every SQL statement is written whole in the class that
 * runs it, so {@code grep "INSERT INTO task_instance"} finds it.
 */
package io.updraft.store;
