/**
 * The DAG model: {@link io.updraft.dag.Dag}, {@link io.updraft.dag.Task}, task groups, schedules, trigger and weight
 * rules, assets, callbacks, what a folder load gives ({@link io.updraft.dag.DagBag}, import errors, warnings), and
 * the small interfaces around it ({@link io.updraft.dag.LoadedDags}, {@link io.updraft.dag.Pausing},
 * {@link io.updraft.dag.OperatorCatalog}), and the persisted side of DAGs as interfaces with their records
 * ({@link io.updraft.dag.DagStore}, {@link io.updraft.dag.ImportErrorStore}, {@link io.updraft.dag.DagWarningStore};
 * their Jdbi classes are in {@code io.updraft.store}). Read by the engine, the store and the edges; knows nothing of
 * runs, SQL or YAML: the dag-factory reader that builds it is {@link io.updraft.dag.factory}.
 */
package io.updraft.dag;
