package io.updraft.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows of remote tries nobody needs any more: this node's ended tries, in one statement off the path of
 * the next offer, and once a minute those left by nodes that are gone (see {@link RemoteTryStore#deleteOrphans}).
 */
final class EndedTries {

    private static final Logger LOG = LoggerFactory.getLogger(EndedTries.class);
    /** How often, and after how long, rows of dead nodes' tries that moved on are deleted. */
    private static final Duration ORPHANS = Duration.ofMinutes(1);

    private final RemoteTryStore store;
    private final ConcurrentLinkedQueue<String> ended = new ConcurrentLinkedQueue<>();
    private Instant nextOrphanSweep = Instant.MIN;

    EndedTries(RemoteTryStore store) {
        this.store = store;
    }

    /** The try's row may go (from any thread). */
    void add(String tryId) {
        ended.add(tryId);
    }

    /** On the store thread. */
    void delete(Instant now) {
        List<String> ids = new ArrayList<>();
        for (String next; (next = ended.poll()) != null; ) {
            ids.add(next);
        }
        store.delete(ids);
        if (!now.isBefore(nextOrphanSweep)) {
            nextOrphanSweep = now.plus(ORPHANS);
            int gone = store.deleteOrphans(ORPHANS);
            if (gone > 0) {
                LOG.info("Deleted {} remote tries left by nodes that are gone", gone);
            }
        }
    }
}
