package io.updraft.audit;

import io.updraft.json.Json;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CLI's writes in the audit log, as Airflow's {@code action_cli}: event {@code cli_<command>} (for example
 * {@code cli_dags_trigger}), owner the operating system user, extra the host name and the full command with
 * passwords replaced by {@code ********}. Recorded once the command has run, whether it succeeded or not.
 */
public final class CliAudit {

    /** Verbs that change something; {@code tasks test} records no state and is left out. */
    private static final Set<String> WRITE_VERBS = Set.of("trigger", "pause", "unpause", "delete", "test", "clear",
            "create", "set", "add", "import", "migrate", "reset", "state-set", "mark-success", "mark-failed");
    private static final Set<String> SECRET_OPTIONS = Set.of("-p", "--password", "--conn-password", "--conn-uri",
            "--conn-extra", "--conn-json");

    private CliAudit() {
    }

    /** Whether the command (its names from the top, such as {@code [dags, trigger]}) is audited. */
    public static boolean isWrite(List<String> command) {
        if (command.size() < 2) {
            return false;
        }
        String verb = command.get(command.size() - 1);
        return WRITE_VERBS.contains(verb) && !(command.get(0).equals("tasks") && verb.equals("test"));
    }

    /** The event of a command that ran (its names from the top, and the arguments as typed). */
    public static AuditEvent event(List<String> command, String[] arguments, String dagId, String taskId) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("host_name", hostName());
        extra.put("full_command", fullCommand(arguments));
        return AuditEvent.of(Instant.now(), "cli_" + String.join("_", command).replace('-', '_'),
                System.getProperty("user.name"), dagId, null, taskId, Json.write(extra));
    }

    /** The command line as Airflow stores it, with the values of password options hidden. */
    static String fullCommand(String[] arguments) {
        List<String> shown = new ArrayList<>(List.of("updraft"));
        boolean hideNext = false;
        for (String argument : arguments) {
            if (hideNext) {
                shown.add("********");
                hideNext = false;
                continue;
            }
            int eq = argument.indexOf('=');
            String name = eq > 0 ? argument.substring(0, eq) : argument;
            if (SECRET_OPTIONS.contains(name)) {
                if (eq > 0) {
                    shown.add(name + "=********");
                } else {
                    shown.add(argument);
                    hideNext = true;
                }
            } else {
                shown.add(argument);
            }
        }
        hideSensitiveVariableValue(shown);
        return shown.toString();
    }

    /** As Airflow: {@code variables set KEY VALUE} hides VALUE when KEY looks secret (password, token, ...). */
    private static void hideSensitiveVariableValue(List<String> shown) {
        if (shown.size() < 5 || !shown.get(1).equals("variables") || !shown.get(2).equals("set")) {
            return;
        }
        List<Integer> positionals = new ArrayList<>();
        for (int i = 3; i < shown.size(); i++) {
            String argument = shown.get(i);
            if (argument.equals("--description")) {
                i++; // its value
            } else if (!argument.startsWith("-")) {
                positionals.add(i);
            }
        }
        if (positionals.size() >= 2 && io.updraft.secrets.SensitiveNames.isSensitive(shown.get(positionals.get(0)))) {
            shown.set(positionals.get(1), "********");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
