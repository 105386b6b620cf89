/** The composition root: {@link io.updraft.app.Updraft} wires the store, operators, DAG catalog and engine. */
package io.updraft.app;
