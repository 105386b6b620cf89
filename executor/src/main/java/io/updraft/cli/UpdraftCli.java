package io.updraft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code updraft}: Airflow's CLI verbs for Updraft. */
// --help (and --version) on every group and verb, as Airflow's CLI
@Command(name = "updraft", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionCommand.class,
        description = "An Apache Airflow-compatible DAG executor.",
        subcommands = {DagsCommand.class, TasksCommand.class, DbCommand.class, SchedulerCommand.class,
                BackfillCommand.class, StandaloneCommand.class, UsersCommand.class,
                BenchmarkCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class UpdraftCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for tests and for main). */
    public static int run(String... args) {
        return new CommandLine(new UpdraftCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                })
                .execute(args);
    }
}
