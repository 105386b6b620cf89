package io.updraft.schedule;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs Quartz's JDBC calls on threads Quartz never interrupts. Quartz 2.5 interrupts its scheduler, cluster
 * manager and misfire threads on shutdown; an interrupt that lands while such a thread writes an embedded H2 file
 * closes the FileChannel, and H2 then closes the whole database for every user (we saw it in our tests). Every
 * {@code java.sql} object reached from a shielded connection is shielded too. Not needed for PostgreSQL, whose
 * driver's socket IO ignores interrupts.
 */
final class InterruptShield implements AutoCloseable {

    private final ExecutorService calls = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "updraft-quartz-jdbc");
        thread.setDaemon(true);
        return thread;
    });

    Connection shield(Connection connection) {
        return (Connection) proxy(Connection.class, connection);
    }

    private Object proxy(Class<?> type, Object target) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = call(target, method, args);
            Class<?> returned = method.getReturnType();
            boolean jdbcObject = returned.isInterface() && returned.getPackageName().equals("java.sql");
            return result == null || !jdbcObject ? result : proxy(returned, result);
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** Invokes on a pool thread and waits without giving way to interrupts, which are kept for the caller. */
    private Object call(Object target, Method method, Object[] args) throws Throwable {
        Future<Object> future = calls.submit(() -> method.invoke(target, args));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof InvocationTargetException invocation ? invocation.getCause() : cause;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        calls.shutdown();
    }
}
