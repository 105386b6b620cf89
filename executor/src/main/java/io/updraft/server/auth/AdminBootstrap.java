package io.updraft.server.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.updraft.app.Updraft;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Ensures the admin user when the service starts and prints its password line as Airflow does. Hashing the password
 * takes about 0.4 s, so it runs beside the rest of the context's start; the HTTP server starts only after it is done.
 */
@Context
@Requires(property = "updraft.auth.create-admin", notEquals = "false")
public class AdminBootstrap implements ApplicationEventListener<StartupEvent> {

    private final CompletableFuture<AdminAccount.Outcome> outcome;

    public AdminBootstrap(Updraft updraft, UserStore users, PasswordHasher hasher, AuthProperties properties) {
        AdminAccount account = new AdminAccount(users, hasher);
        this.outcome = CompletableFuture.supplyAsync(
                () -> account.ensure(updraft.config().home(), properties.getAdminPassword()),
                task -> new Thread(task, "updraft-admin-account").start());
    }

    /** The context has started and the HTTP server is next: no login may find the admin missing. */
    @Override
    public void onApplicationEvent(StartupEvent event) {
        try {
            // stdout, not the log: scripts and people look for this line, whatever the log configuration
            System.out.println("Simple auth manager | " + outcome.join().message());
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
