/** {@code updraft benchmark}: the engine's latency and throughput figures on each store. */
package io.updraft.bench;
