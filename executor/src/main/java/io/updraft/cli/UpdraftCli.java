package io.updraft.cli;

import io.updraft.audit.CliAudit;
import io.updraft.config.UpdraftConfig;
import io.updraft.store.Database;
import io.updraft.store.JdbiAuditLog;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/** {@code updraft}: Airflow's CLI verbs for Updraft. */
// --help (and --version) on every group and verb, as Airflow's CLI
@Command(name = "updraft", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionCommand.class,
        description = "An Apache Airflow-compatible DAG executor.",
        subcommands = {DagsCommand.class, TasksCommand.class, VariablesCommand.class,
                ConnectionsCommand.class, PoolsCommand.class, DbCommand.class, SchedulerCommand.class,
                BackfillCommand.class, StandaloneCommand.class, UsersCommand.class, WorkerCommand.class,
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
                .setExecutionStrategy(parsed -> {
                    try {
                        return new CommandLine.RunLast().execute(parsed);
                    } finally {
                        // after the command, so `db migrate` finds the schema as it was; failed writes too
                        audit(parsed, args);
                    }
                })
                .execute(args);
    }

    /** Writes go to the audit log (as Airflow's action_cli), with the DAG and task they name. */
    private static void audit(ParseResult parsed, String[] args) {
        List<String> command = new ArrayList<>();
        for (ParseResult sub = parsed.subcommand(); sub != null; sub = sub.subcommand()) {
            command.add(sub.commandSpec().name());
        }
        if (!CliAudit.isWrite(command)) {
            return;
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
            return;
        }
        List<String> positional = last.matchedPositionals().stream().map(p -> String.valueOf((Object) p.getValue()))
                .toList();
        String dagId = last.hasMatchedOption("--dag-id") ? last.matchedOptionValue("--dag-id", (String) null)
                : command.get(0).equals("dags") || command.get(0).equals("tasks")
                ? (positional.isEmpty() ? null : positional.get(0)) : null;
        String taskId = command.get(0).equals("tasks") && positional.size() > 1 ? positional.get(1) : null;
        // a store that cannot be opened is reported and does not change the command's outcome
        try (Database database = Database.open(UpdraftConfig.fromEnvironment())) {
            new JdbiAuditLog(database).record(CliAudit.event(command, args, dagId, taskId));
        } catch (RuntimeException e) {
            last.commandSpec().commandLine().getErr().println("Warning: could not record this command in the audit "
                    + "log: " + e.getMessage());
        }
    }
}
