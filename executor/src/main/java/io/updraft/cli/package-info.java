/** The {@code updraft} command line (picocli), with Airflow's verbs and output formats. */
package io.updraft.cli;
