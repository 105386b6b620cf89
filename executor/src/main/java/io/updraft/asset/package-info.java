/**
 * Airflow 3 assets: the events a producing task's success writes (in the engine's commit, through
 * {@link io.updraft.asset.CommitEmitter}), the queue of events each asset-scheduled DAG has not consumed, and the
 * asset-triggered runs made from it. Stored through {@link io.updraft.asset.AssetStore} and read through
 * {@link io.updraft.asset.AssetQueries}, both implemented in {@code io.updraft.store}. The DAG file forms are read
 * by {@code io.updraft.dag.factory.AssetReader}.
 */
package io.updraft.asset;
