package io.updraft.dag.factory;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * SnakeYAML refuses alias bombs ("billion laughs") and deep nesting without saying where; this finds the line by
 * walking the parser's events again (cheap: events are not composed into nodes).
 */
final class HostileYaml {

    private HostileYaml() {
    }

    static YamlSyntaxException locate(String text, YAMLException error, LoaderOptions options) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        Mark mark = null;
        String reason;
        if (message.contains("aliases")) {
            mark = nthAlias(text, options.getMaxAliasesForCollections() + 1, options);
            reason = "too many aliases (more than " + options.getMaxAliasesForCollections()
                    + "): a file that expands like an alias bomb is refused";
        } else if (message.contains("Nesting Depth")) {
            mark = tooDeep(text, options.getNestingDepthLimit(), options);
            reason = "nested more than " + options.getNestingDepthLimit() + " levels deep";
        } else {
            reason = message;
        }
        return new YamlSyntaxException("invalid YAML: " + reason, mark == null ? null : mark.getLine() + 1,
                mark == null ? null : mark.getColumn() + 1);
    }

    private static Mark nthAlias(String text, int n, LoaderOptions options) {
        Parser parser = new ParserImpl(new StreamReader(text), options);
        int seen = 0;
        try {
            while (parser.peekEvent() != null) {
                Event event = parser.getEvent();
                if (event instanceof AliasEvent && ++seen >= n) {
                    return event.getStartMark();
                }
            }
        } catch (YAMLException e) {
            return null;
        }
        return null;
    }

    private static Mark tooDeep(String text, int limit, LoaderOptions options) {
        Parser parser = new ParserImpl(new StreamReader(text), options);
        int depth = 0;
        try {
            while (parser.peekEvent() != null) {
                Event event = parser.getEvent();
                if (event instanceof CollectionStartEvent && ++depth > limit) {
                    return event.getStartMark();
                } else if (event instanceof CollectionEndEvent) {
                    depth--;
                }
            }
        } catch (YAMLException e) {
            return null;
        }
        return null;
    }
}
