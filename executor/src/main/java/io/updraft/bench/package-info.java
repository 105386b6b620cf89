/**
 * {@code updraft benchmark}: the engine's latency and throughput figures on each store, the DAG folder load and
 * the store's write floor.
 */
package io.updraft.bench;
