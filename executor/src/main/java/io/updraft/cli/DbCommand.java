package io.updraft.cli;

import io.updraft.config.UpdraftConfig;
import io.updraft.store.Database;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code updraft db migrate}. */
@Command(name = "db", description = "Manage the metadata database.", subcommands = DbCommand.Migrate.class)
final class DbCommand {

    @Command(name = "migrate", description = "Create or upgrade the schema of the store (UPDRAFT_DB_URL).")
    static final class Migrate implements Runnable {
        @Override
        public void run() {
            UpdraftConfig config = UpdraftConfig.fromEnvironment();
            List<String> applied = Database.migrateOnly(config);
            System.out.println(applied.isEmpty() ? "Database is up to date: " + redacted(config.dbUrl())
                    : "Applied migrations " + applied + " to " + redacted(config.dbUrl()));
        }

        private static String redacted(String url) {
            return url.replaceAll("password=[^&;]*", "password=***");
        }
    }
}
