package io.updraft.plugins.example;

import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import java.util.Map;
import java.util.Set;

/**
 * The example plugin of the README's plugin guide: {@code updraft.example.Sleep} waits {@code seconds} (default
 * 0), logs its templated {@code message}, and pushes the message to XCom when there is one. With no arguments it
 * is a no-op that still goes through the whole executor and store, which is what the engine benchmark runs.
 */
public final class SleepOperatorProvider implements OperatorProvider {

    public static final String NAME = "updraft.example.Sleep";

    @Override
    public Set<String> operatorNames() {
        return Set.of(NAME);
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        Object seconds = arguments.get("seconds");
        if (seconds != null && !(seconds instanceof Number number && number.doubleValue() >= 0)) {
            throw new IllegalArgumentException("seconds must be a number of seconds >= 0, not '" + seconds + "'");
        }
    }

    @Override
    public Set<String> templateFields(String operatorName) {
        return Set.of("message");
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        Number seconds = (Number) arguments.getOrDefault("seconds", 0);
        Object message = arguments.get("message");
        return context -> {
            long until = System.nanoTime() + (long) (seconds.doubleValue() * 1e9);
            while (System.nanoTime() < until && !context.isKilled()) {
                Thread.sleep(Math.max(1, Math.min(100, (until - System.nanoTime()) / 1_000_000)));
            }
            if (message == null) {
                return null;
            }
            context.log().println(message);
            return message.toString();
        };
    }
}
