package io.updraft.cli;

import io.updraft.config.UpdraftConfig;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.store.JdbiUserStore;
import io.updraft.store.Database;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code updraft users create|delete|list}: the REST API's users, as {@code airflow users}. */
@Command(name = "users", description = "Manage the users of the REST API.",
        subcommands = {UsersCommand.Create.class, UsersCommand.Delete.class, UsersCommand.ListUsers.class})
final class UsersCommand {

    @Command(name = "create", description = "Create a user, or set the password and role of an existing one.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-u", "--username"}, required = true)
        String username;

        @Option(names = {"-p", "--password"}, required = true, description = "The password (stored hashed).")
        String password;

        @Option(names = {"-r", "--role"}, required = true, description = "viewer, user, op or admin.")
        String role;

        @Override
        public Integer call() {
            Role parsed;
            try {
                parsed = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (username.isBlank() || password.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "username and password must not be empty");
            }
            try (Database database = Database.open(UpdraftConfig.fromEnvironment())) {
                new JdbiUserStore(database).save(new User(username, new PasswordHasher().hash(password), parsed));
            }
            System.out.println("User '" + username + "' with role " + parsed.airflowName() + " saved");
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a user.")
    static final class Delete implements Callable<Integer> {
        @Option(names = {"-u", "--username"}, required = true)
        String username;

        @Override
        public Integer call() {
            try (Database database = Database.open(UpdraftConfig.fromEnvironment())) {
                if (!new JdbiUserStore(database).delete(username)) {
                    System.err.println("Error: no user '" + username + "'");
                    return 1;
                }
            }
            System.out.println("User '" + username + "' deleted");
            return 0;
        }
    }

    @Command(name = "list", description = "List users and their roles.")
    static final class ListUsers implements Runnable {
        @Override
        public void run() {
            try (Database database = Database.open(UpdraftConfig.fromEnvironment())) {
                for (User user : new JdbiUserStore(database).list()) {
                    System.out.println(user.username() + "\t" + user.role().airflowName());
                }
            }
        }
    }
}
