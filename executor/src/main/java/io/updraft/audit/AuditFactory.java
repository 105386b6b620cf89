package io.updraft.audit;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.updraft.store.Database;
import jakarta.inject.Singleton;

/** The service's audit log and its writer (closed, so storing what is queued, before the store closes). */
@Factory
public class AuditFactory {

    @Singleton
    AuditLog auditLog(Database database) {
        return new AuditLog(database);
    }

    @Singleton
    @Bean(preDestroy = "close")
    AuditWriter auditWriter(AuditLog log) {
        return new AuditWriter(log);
    }
}
