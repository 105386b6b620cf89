package io.updraft.dag.factory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .airflowignore} files in glob syntax (Airflow's gitignore-style rules): one pattern per line, {@code #}
 * comments, {@code !} to re-include, a trailing {@code /} for directories only. A pattern without a slash matches a
 * name at any depth below its file's folder; one with a slash is anchored there. Rules of a folder apply to its
 * sub-folders, and the last matching rule wins. Immutable.
 */
final class AirflowIgnore {

    static final String FILE_NAME = ".airflowignore";

    private record Rule(Path base, Pattern pattern, boolean negated, boolean directoriesOnly) {
    }

    private final List<Rule> rules;

    private AirflowIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    static AirflowIgnore none() {
        return new AirflowIgnore(List.of());
    }

    /** These rules plus those of {@code folder}'s own .airflowignore, if it has one. */
    AirflowIgnore withRulesOf(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return this;
        }
        List<Rule> combined = new ArrayList<>(rules);
        try {
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                boolean negated = line.startsWith("!");
                String pattern = negated ? line.substring(1) : line;
                boolean directoriesOnly = pattern.endsWith("/");
                pattern = directoriesOnly ? pattern.substring(0, pattern.length() - 1) : pattern;
                combined.add(new Rule(folder, Pattern.compile(toRegex(pattern)), negated, directoriesOnly));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new AirflowIgnore(combined);
    }

    boolean ignores(Path path, boolean directory) {
        boolean ignored = false;
        for (Rule rule : rules) {
            if (rule.directoriesOnly() && !directory || !path.startsWith(rule.base())) {
                continue;
            }
            String relative = rule.base().relativize(path).toString().replace('\\', '/');
            if (rule.pattern().matcher(relative).matches()) {
                ignored = !rule.negated();
            }
        }
        return ignored;
    }

    private static String toRegex(String glob) {
        boolean anchored = glob.contains("/");
        String pattern = glob.startsWith("/") ? glob.substring(1) : glob;
        StringBuilder regex = new StringBuilder(anchored ? "" : "(?:.*/)?");
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (pattern.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '[') {
                int end = pattern.indexOf(']', i + 1);
                if (end < 0) {
                    regex.append("\\[");
                } else {
                    String set = pattern.substring(i + 1, end);
                    regex.append('[').append(set.startsWith("!") ? "^" + set.substring(1) : set).append(']');
                    i = end;
                }
            } else if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
