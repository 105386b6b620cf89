package io.updraft.cli;

import picocli.CommandLine.Option;

/** Airflow's {@code -o/--output} option. */
final class OutputOption {

    @Option(names = {"-o", "--output"}, defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Output.Format format;
}
