package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes' signals on one real PostgreSQL, sent inside a transaction as the store sends them: each wakes the
 * other, never itself; on H2 nothing listens.
 */
class PostgresStoreSignalsTest {

    @TempDir
    Path dir;

    @Test
    void aSignalWakesTheOtherListenerAndNotItsSender() throws Exception {
        try (TestDatabase testDatabase = TestDatabase.postgres(); Database db = testDatabase.open()) {
            Semaphore wokeA = new Semaphore(0);
            Semaphore wokeB = new Semaphore(0);
            try (StoreSignals a = StoreSignals.listen(db, "updraft_test_signals", "node-a", wokeA::release);
                 StoreSignals b = StoreSignals.listen(db, "updraft_test_signals", "node-b", wokeB::release)) {
                // each listener runs its callback once when it starts listening (what it may have missed)
                assertThat(wokeA.tryAcquire(30, TimeUnit.SECONDS)).as("a listening").isTrue();
                assertThat(wokeB.tryAcquire(30, TimeUnit.SECONDS)).as("b listening").isTrue();

                db.jdbi().useTransaction(a::signalWithin);
                assertThat(wokeB.tryAcquire(30, TimeUnit.SECONDS)).as("b woken by a's signal").isTrue();
                // a got its own signal too, before b's (PostgreSQL delivers in commit order): it must not wake a
                db.jdbi().useTransaction(b::signalWithin);
                assertThat(wokeA.tryAcquire(30, TimeUnit.SECONDS)).as("a woken by b's signal").isTrue();
                assertThat(wokeA.availablePermits()).as("a woke for its own signal").isZero();
                assertThat(wokeB.availablePermits()).as("b woke for its own signal").isZero();
            }
        }
    }

    @Test
    void onTheEmbeddedStoreNothingListens() throws Exception {
        try (TestDatabase testDatabase = TestDatabase.h2(dir); Database db = testDatabase.open()) {
            Semaphore woke = new Semaphore(0);
            try (StoreSignals signals = StoreSignals.listen(db, "updraft_test_signals", "alone", woke::release)) {
                // H2 has no pg_notify: sending anything would fail the caller's transaction
                db.jdbi().useTransaction(signals::signalWithin);
                assertThat(woke.availablePermits()).as("nothing listens, so nothing ran").isZero();
            }
        }
    }
}
