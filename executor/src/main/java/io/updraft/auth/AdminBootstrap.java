package io.updraft.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.updraft.config.UpdraftConfig;
import jakarta.inject.Provider;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Ensures the admin user when the service starts; {@code standalone} prints its password as Airflow does. Hashing a password
 * takes about 0.4 s, so it runs beside the rest of the context's start (a password from UPDRAFT_ADMIN_PASSWORD is
 * hashed before the store is even open); the HTTP server starts only after the admin is stored.
 */
@Context
@Requires(property = "updraft.auth.create-admin", notEquals = "false")
public class AdminBootstrap implements ApplicationEventListener<StartupEvent> {

    private final CompletableFuture<AdminAccount.Outcome> outcome;

    public AdminBootstrap(Provider<UpdraftConfig> config, Provider<UserStore> users, PasswordHasher hasher,
                          AuthProperties properties) {
        Executor beside = task -> new Thread(task, "updraft-admin-account").start();
        String configured = properties.getAdminPassword();
        this.outcome = configured != null && !configured.isBlank()
                ? CompletableFuture.supplyAsync(() -> hasher.hash(configured), beside)
                        .thenApply(hash -> new AdminAccount(users.get(), hasher).setConfigured(hash))
                : CompletableFuture.supplyAsync(() -> new AdminAccount(users.get(), hasher)
                        .ensure(config.get().home(), null), beside);
    }

    /** The context has started and the HTTP server is next: no login may find the admin missing. */
    @Override
    public void onApplicationEvent(StartupEvent event) {
        outcome();
    }

    /** What was done about the admin (its password when generated); `standalone` prints it in its start-up block. */
    public AdminAccount.Outcome outcome() {
        try {
            return outcome.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
