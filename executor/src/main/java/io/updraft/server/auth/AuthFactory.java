package io.updraft.server.auth;

import io.micronaut.context.annotation.Factory;
import io.updraft.app.Updraft;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Wires the plain-Java auth classes onto the service's store. */
@Factory
public class AuthFactory {

    @Singleton
    UserStore userStore(Updraft updraft) {
        return new UserStore(updraft.database());
    }

    @Singleton
    PasswordHasher passwordHasher() {
        return new PasswordHasher();
    }

    @Singleton
    JwtCodec jwtCodec(UserStore users, AuthProperties properties) {
        return new JwtCodec(users.signingKey(), Duration.ofSeconds(properties.getJwtExpirationSeconds()),
                Clock.systemUTC());
    }

    @Singleton
    Authenticator authenticator(UserStore users, PasswordHasher hasher) {
        return new Authenticator(users, hasher, Clock.systemUTC());
    }

    @Singleton
    AccessRules accessRules() {
        return new AccessRules();
    }
}
