package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link UserStore} must do. */
abstract class UserStoreContractTest extends StoreTestSupport {

    private UserStore store;

    @BeforeEach
    void createStore() {
        store = new JdbiUserStore(db);
    }

    @Test
    void saveCreatesThenReplacesPasswordAndRole() {
        store.save(new User("ann", "hash-1", Role.VIEWER));
        store.save(new User("ann", "hash-2", Role.ADMIN));

        assertThat(store.list()).containsExactly(new User("ann", "hash-2", Role.ADMIN));
    }

    @Test
    void addCreatesOnlyAUserThatDoesNotExist() {
        assertThat(store.add(new User("ann", "hash-1", Role.VIEWER))).isTrue();
        assertThat(store.add(new User("ann", "hash-2", Role.ADMIN))).isFalse();

        assertThat(store.find("ann")).contains(new User("ann", "hash-1", Role.VIEWER));
    }

    /** Nodes starting together on one store each save the admin: none may fail on the other's insert. */
    @Test
    void concurrentSavesOfNewUsersAllSucceed() throws Exception {
        int threads = 6;
        int users = 100;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String hash = "hash-" + t;
                Callable<Integer> saveAll = () -> {
                    start.await();
                    for (int u = 0; u < users; u++) {
                        store.save(new User("user" + u, hash, Role.USER));
                    }
                    return users;
                };
                results.add(pool.submit(saveAll));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(users);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list()).hasSize(users);
    }
}
