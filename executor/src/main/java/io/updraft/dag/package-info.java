/**
 * DAG definitions: the model ({@link io.updraft.dag.Dag}, {@link io.updraft.dag.Task}) and the loader that reads
 * dag-factory YAML files into it. Knows nothing of runs or storage.
 */
package io.updraft.dag;
