package io.updraft.server.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.updraft.app.Updraft;
import jakarta.inject.Provider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Ensures the admin user when the service starts and prints its password line as Airflow does. Hashing a password
 * takes about 0.4 s, so it runs beside the rest of the context's start (a password from UPDRAFT_ADMIN_PASSWORD is
 * hashed before the store is even open); the HTTP server starts only after the admin is stored.
 */
@Context
@Requires(property = "updraft.auth.create-admin", notEquals = "false")
public class AdminBootstrap implements ApplicationEventListener<StartupEvent> {

    private final CompletableFuture<AdminAccount.Outcome> outcome;

    public AdminBootstrap(Provider<Updraft> updraft, Provider<UserStore> users, PasswordHasher hasher,
                          AuthProperties properties) {
        Executor beside = task -> new Thread(task, "updraft-admin-account").start();
        String configured = properties.getAdminPassword();
        this.outcome = configured != null && !configured.isBlank()
                ? CompletableFuture.supplyAsync(() -> hasher.hash(configured), beside)
                        .thenApply(hash -> new AdminAccount(users.get(), hasher).setConfigured(hash))
                : CompletableFuture.supplyAsync(() -> new AdminAccount(users.get(), hasher)
                        .ensure(updraft.get().config().home(), null), beside);
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
