package io.updraft.dag.factory;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean ...?" for a misspelt key, operator or task id: the closest known name, if close enough. */
final class Suggestions {

    private Suggestions() {
    }

    /** The candidate nearest to {@code given} in edit distance, if within about a third of its length. */
    static Optional<String> closest(String given, Collection<String> candidates) {
        if (given == null || given.isEmpty()) {
            return Optional.empty();
        }
        String lowered = given.toLowerCase(Locale.ROOT);
        // long names (operator class paths) compare by their last segment too, where misspellings live
        int threshold = Math.max(2, Math.min(lowered.length(), 30) / 3);
        LevenshteinDistance distance = new LevenshteinDistance(threshold);
        return candidates.stream()
                .filter(candidate -> !candidate.equals(given))
                .map(candidate -> new Scored(candidate, score(distance, lowered, candidate)))
                .filter(scored -> scored.distance >= 0)
                .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
                .map(Scored::candidate);
    }

    /** {@code "; did you mean 'x'?"}, or empty text when nothing is close. */
    static String didYouMean(String given, Collection<String> candidates) {
        return closest(given, candidates).map(name -> "; did you mean '" + name + "'?").orElse("");
    }

    private static int score(LevenshteinDistance distance, String given, String candidate) {
        int whole = distance.apply(given, candidate.toLowerCase(Locale.ROOT));
        if (whole >= 0 || given.indexOf('.') < 0 || candidate.indexOf('.') < 0) {
            return whole;
        }
        // same class name under another module path (airflow.operators.bash vs providers.standard...)
        String givenClass = given.substring(given.lastIndexOf('.') + 1);
        String candidateClass = candidate.substring(candidate.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        int classDistance = distance.apply(givenClass, candidateClass);
        return classDistance < 0 ? -1 : classDistance + 1;
    }

    private record Scored(String candidate, int distance) {
    }
}
