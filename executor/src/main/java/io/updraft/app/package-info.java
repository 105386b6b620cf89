/**
 * The composition root: {@link io.updraft.app.Updraft} wires the store, operators, DAG catalog and engine; the
 * catalog keeps the loaded DAGs in step with the DAGs folder, which {@link io.updraft.app.DagFolderWatcher} watches.
 */
package io.updraft.app;
