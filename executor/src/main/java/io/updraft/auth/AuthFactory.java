package io.updraft.auth;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** Wires the plain-Java auth classes onto the service's {@link UserStore} (a bean of {@code UpdraftFactory}). */
@Factory
public class AuthFactory {

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
    Authenticator authenticator(UserStore users, PasswordHasher hasher, AuthProperties properties) {
        Clock clock = Clock.systemUTC();
        LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Settings(properties.getLoginFreeFailuresPerUser(),
                properties.getLoginFreeFailuresPerAddress(),
                Duration.ofMillis(properties.getLoginInitialBackoffMillis()),
                Duration.ofSeconds(properties.getLoginMaxBackoffSeconds()),
                Duration.ofSeconds(properties.getLoginForgetFailuresAfterSeconds())), clock);
        int concurrentHashes = properties.getLoginConcurrentHashes() > 0 ? properties.getLoginConcurrentHashes()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new Authenticator(users, hasher, clock, throttle, concurrentHashes,
                Duration.ofSeconds(properties.getLoginHashWaitSeconds()));
    }

    @Singleton
    AccessRules accessRules() {
        return new AccessRules();
    }
}
