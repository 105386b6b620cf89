package io.updraft;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.LoggerFactory;

/**
 * What one class logs while a test runs, awaited by what it says: the observable sign that a background thread
 * (the engine, a backfill) had its turn, before a test asserts that the turn changed nothing.
 */
public final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final Level levelBefore;
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private LogLines(String source, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        this.levelBefore = logger.getLevel();
        logger.setLevel(level);
        lines.start();
        logger.addAppender(lines);
    }

    /** Captures what {@code source} logs at {@code level} and above from now on, until closed. */
    public static LogLines of(Class<?> source, Level level) {
        return of(source.getName(), level);
    }

    /** The same for a logger named as its (package-private) class. */
    public static LogLines of(String source, Level level) {
        return new LogLines(source, level);
    }

    /** How many captured lines contain {@code fragment}. */
    public long count(String fragment) {
        synchronized (lines.list) {
            return lines.list.stream().filter(line -> line.getFormattedMessage().contains(fragment)).count();
        }
    }

    /** Waits (up to 30 s) until a captured line contains {@code fragment}. */
    public void await(String fragment) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (count(fragment) == 0) {
            assertThat(Instant.now()).as("a log line with \"%s\" within 30 s", fragment).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(lines);
        logger.setLevel(levelBefore);
    }
}
