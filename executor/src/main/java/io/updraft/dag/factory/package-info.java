/**
 * The dag-factory reader: turns a folder of dag-factory YAML files (with their defaults.yml files and
 * .airflowignore) into the {@link io.updraft.dag} model, reporting each problem as an import error or warning with
 * its file and line. Package-private apart from the entry point {@link io.updraft.dag.factory.DagFolderLoader}, its
 * {@link io.updraft.dag.factory.LoadLimits}, and {@link io.updraft.dag.factory.DurationValues#argument} for
 * operators that read durations the way DAG files write them.
 */
package io.updraft.dag.factory;
