package io.updraft.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The block {@code updraft standalone} prints once it serves: where to browse, who to sign in as, where the password
 * is, which DAGs folder is read. Bold only on a terminal that takes it (never in a log file, a pipe or with
 * {@code NO_COLOR}), so captured output holds no escape codes.
 *
 * @param url where the web UI and the REST API answer
 * @param password the admin's password when this start generated or remembers it; null when it is not known
 * @param passwordSource where the password comes from or is kept (a file, or UPDRAFT_ADMIN_PASSWORD)
 */
record StartupBlock(String url, String user, String password, String passwordSource, Path dagsFolder, int dags,
                    long importErrorFiles) {

    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    String render(boolean ansi) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Web UI and REST API", url});
        rows.add(new String[] {"Sign in as", user});
        rows.add(new String[] {"Password", password == null ? passwordSource : password + "  (" + passwordSource + ")"});
        rows.add(new String[] {"DAGs folder", dagsFolder + "  (" + dags + " DAG" + (dags == 1 ? "" : "s")
                + (importErrorFiles == 0 ? "" : ", " + importErrorFiles + " file" + (importErrorFiles == 1 ? "" : "s")
                + " with import errors: see " + url + "#/import-errors") + ")"});
        StringBuilder text = new StringBuilder("\n");
        text.append(ansi ? BOLD : "").append("Updraft is ready").append(ansi ? RESET : "").append('\n');
        for (String[] row : rows) {
            text.append(String.format("  %-20s %s%n", row[0] + ":", row[1]));
        }
        text.append("  Stop it with Ctrl-C (SIGTERM): running tasks are stopped and recorded first.\n");
        return text.toString();
    }

    /** Whether stdout is a terminal that shows escape codes (a console, TERM set and not dumb, no NO_COLOR). */
    static boolean ansiTerminal() {
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !term.equals("dumb") && System.getenv("NO_COLOR") == null;
    }
}
