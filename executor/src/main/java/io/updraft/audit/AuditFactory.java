package io.updraft.audit;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The service's audit writer over the {@link AuditLog} bean (of {@code UpdraftFactory}); closed, so storing what is
 * queued, before the store closes.
 */
@Factory
public class AuditFactory {

    @Singleton
    @Bean(preDestroy = "close")
    AuditWriter auditWriter(AuditLog log) {
        return new AuditWriter(log);
    }
}
