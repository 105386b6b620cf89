package io.updraft.server.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.updraft.app.Updraft;

/** Ensures the admin user when the service starts and prints its password line as Airflow does. */
@Context
@Requires(property = "updraft.auth.create-admin", notEquals = "false")
public class AdminBootstrap {

    private final AdminAccount.Outcome outcome;

    public AdminBootstrap(Updraft updraft, UserStore users, PasswordHasher hasher, AuthProperties properties) {
        this.outcome = new AdminAccount(users, hasher).ensure(updraft.config().home(), properties.getAdminPassword());
        // stdout, not the log: scripts and people look for this line, whatever the log configuration
        System.out.println("Simple auth manager | " + outcome.message());
    }

    public AdminAccount.Outcome outcome() {
        return outcome;
    }
}
