package io.updraft.plugins.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a snapshot and its split before anything trains on it: schema (columns, field counts, types), URL
 * parseable, label in {0, 1}, conflicting duplicate labels, no URL in both train and test, class balance, constant
 * columns (flagged, not fatal), and feature drift against a reference snapshot (PSI per lexical feature, fatal
 * above {@link Policy#maxPsi()}; two-sample Kolmogorov–Smirnov, reported).
 */
public final class DataValidation {

    public enum Status { PASS, WARN, FAIL, SKIPPED }

    /** Bounds of the checks. */
    public record Policy(double minPositiveShare, double maxPositiveShare, double maxPsi, double warnPsi,
            double ksAlpha, int maxExamples) {
        public static Policy defaults() {
            return new Policy(0.2, 0.8, 0.25, 0.1, 0.01, 5);
        }
    }

    /** One row named in a violation: its 1-based data row number, and what is wrong there. */
    public record Example(int row, String detail) {
    }

    public record Check(String name, Status status, String message, List<Example> examples) {
    }

    public record FeatureDrift(String feature, double psi, double ksStatistic, double ksPValue) {
    }

    /** The report; {@link #passed()} is false when any check failed. */
    public record Report(String snapshotSha256, String referenceSha256, int rows, int trainRows, int testRows,
            Status status, List<Check> checks, List<FeatureDrift> drift) {

        public boolean passed() {
            return status != Status.FAIL;
        }

        public List<Check> failures() {
            return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
        }

        /** A readable multi-line summary for the task log. */
        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append("data validation of snapshot ").append(snapshotSha256).append(": ").append(status)
                    .append(" (").append(rows).append(" rows, train ").append(trainRows).append(", test ")
                    .append(testRows).append(referenceSha256 == null ? ", no reference" : ", reference "
                            + referenceSha256).append(")\n");
            for (Check c : checks) {
                s.append(String.format("  %-7s %-20s %s%n", c.status(), c.name(), c.message()));
                for (Example e : c.examples()) {
                    s.append(String.format("          row %d: %s%n", e.row(), e.detail()));
                }
            }
            if (!drift.isEmpty()) {
                List<FeatureDrift> top = new ArrayList<>(drift);
                top.sort((a, b) -> Double.compare(b.psi(), a.psi()));
                s.append("  highest PSI: ");
                for (int i = 0; i < Math.min(5, top.size()); i++) {
                    s.append(String.format("%s%s %.3f (KS p %.2g)", i == 0 ? "" : ", ", top.get(i).feature(),
                            top.get(i).psi(), top.get(i).ksPValue()));
                }
                s.append('\n');
            }
            return s.toString();
        }
    }

    private DataValidation() {
    }

    /**
     * @param reference the last accepted snapshot, or null (drift checks skipped)
     */
    public static Report validate(DatasetSnapshot data, DatasetSnapshot.Split split, DatasetSnapshot reference,
            Policy policy) {
        List<Check> checks = new ArrayList<>();
        int max = policy.maxExamples();
        checks.add(columns(data, reference, max));
        if (!data.hasColumn(DatasetSnapshot.URL) || !data.hasColumn(DatasetSnapshot.LABEL)) {
            return report(data, reference, split, checks, List.of());
        }
        checks.add(types(data, reference, max));
        checks.add(urls(data, max));
        checks.add(labels(data, max));
        checks.add(duplicates(data, max));
        checks.add(disjoint(data, split, max));
        checks.add(balance(data, split, policy));
        checks.add(constantColumns(data));
        List<FeatureDrift> drift = reference == null ? List.of() : FeatureDriftChecks.drift(data, reference);
        checks.addAll(FeatureDriftChecks.checks(drift, reference, policy));
        return report(data, reference, split, checks, drift);
    }

    private static Report report(DatasetSnapshot data, DatasetSnapshot reference, DatasetSnapshot.Split split,
            List<Check> checks, List<FeatureDrift> drift) {
        Status status = checks.stream().anyMatch(c -> c.status() == Status.FAIL) ? Status.FAIL
                : checks.stream().anyMatch(c -> c.status() == Status.WARN) ? Status.WARN : Status.PASS;
        return new Report(data.sha256(), reference == null ? null : reference.sha256(), data.size(),
                split == null ? 0 : split.train().length, split == null ? 0 : split.test().length, status,
                List.copyOf(checks), drift);
    }

    static Check columns(DatasetSnapshot data, DatasetSnapshot reference, int max) {
        List<String> problems = new ArrayList<>();
        for (String required : List.of(DatasetSnapshot.URL, DatasetSnapshot.LABEL)) {
            if (!data.hasColumn(required)) {
                problems.add("required column '" + required + "' is missing");
            }
        }
        Set<String> seen = new HashSet<>();
        for (String c : data.columns()) {
            if (!seen.add(c)) {
                problems.add("column '" + c + "' appears twice");
            }
        }
        List<String> warnings = new ArrayList<>();
        if (reference != null) {
            for (String c : reference.columns()) {
                if (!data.hasColumn(c)) {
                    problems.add("column '" + c + "' of the reference snapshot is missing");
                }
            }
            for (String c : data.columns()) {
                if (!reference.hasColumn(c)) {
                    warnings.add("new column '" + c + "'");
                }
            }
        }
        List<Example> examples = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < data.size(); i++) {
            int fields = data.row(i).length;
            if (fields != data.columns().size()) {
                bad++;
                if (examples.size() < max) {
                    examples.add(new Example(i + 1, fields + " fields, header has " + data.columns().size()));
                }
            }
        }
        if (bad > 0) {
            problems.add(bad + " rows have the wrong number of fields");
        }
        if (!problems.isEmpty()) {
            return new Check("schema.columns", Status.FAIL, String.join("; ", problems), examples);
        }
        return new Check("schema.columns", warnings.isEmpty() ? Status.PASS : Status.WARN,
                data.columns().size() + " columns" + (warnings.isEmpty() ? "" : "; " + String.join(", ", warnings)),
                List.of());
    }

    /** Numeric columns of the reference (or, without one, every column but url/status-like text) stay numeric. */
    static Check types(DatasetSnapshot data, DatasetSnapshot reference, int max) {
        List<String> numeric = new ArrayList<>();
        DatasetSnapshot typeSource = reference != null ? reference : data;
        for (String c : typeSource.columns()) {
            if (!c.equals(DatasetSnapshot.URL) && data.hasColumn(c) && (reference == null
                    ? mostlyNumeric(data, c) : allNumeric(reference, c))) {
                numeric.add(c);
            }
        }
        if (!numeric.contains(DatasetSnapshot.LABEL)) {
            numeric.add(DatasetSnapshot.LABEL);
        }
        List<Example> examples = new ArrayList<>();
        Set<String> badColumns = new java.util.TreeSet<>();
        for (int i = 0; i < data.size(); i++) {
            for (String c : numeric) {
                String v = data.value(i, c);
                if (v != null && !isNumber(v)) {
                    badColumns.add(c);
                    if (examples.size() < max) {
                        examples.add(new Example(i + 1, "'" + c + "' is not a number: '" + abbreviate(v) + "'"));
                    }
                }
            }
        }
        if (!badColumns.isEmpty()) {
            return new Check("schema.types", Status.FAIL, "non-numeric values in numeric columns " + badColumns,
                    examples);
        }
        return new Check("schema.types", Status.PASS, "url is text; " + numeric.size() + " numeric columns",
                List.of());
    }

    static Check urls(DatasetSnapshot data, int max) {
        List<Example> examples = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < data.size(); i++) {
            String url = data.url(i);
            String problem = urlProblem(url);
            if (problem != null) {
                bad++;
                if (examples.size() < max) {
                    examples.add(new Example(i + 1, problem + ": '" + abbreviate(url) + "'"));
                }
            }
        }
        return bad == 0 ? new Check("url.parseable", Status.PASS, "all URLs parse", List.of())
                : new Check("url.parseable", Status.FAIL, bad + " URLs do not parse", examples);
    }

    /** Why a URL is not usable, or null when it is. */
    static String urlProblem(String url) {
        if (url == null || url.isEmpty()) {
            return "empty URL";
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return "whitespace or control character at position " + i;
            }
        }
        UrlParts parts = UrlParts.parse(url);
        if (parts == null) {
            return "no host";
        }
        if (!parts.scheme().equals("http") && !parts.scheme().equals("https")) {
            return "scheme must be http or https";
        }
        if (!parts.hasValidPortOrNone()) {
            return "invalid port '" + parts.port() + "'";
        }
        return null;
    }

    static Check labels(DatasetSnapshot data, int max) {
        List<Example> examples = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < data.size(); i++) {
            String label = data.label(i);
            if (!"0".equals(label) && !"1".equals(label)) {
                bad++;
                if (examples.size() < max) {
                    examples.add(new Example(i + 1, "label '" + abbreviate(String.valueOf(label)) + "'"));
                }
            }
        }
        return bad == 0 ? new Check("label.values", Status.PASS, "all labels in {0, 1}", List.of())
                : new Check("label.values", Status.FAIL, bad + " labels are not 0 or 1", examples);
    }

    static Check duplicates(DatasetSnapshot data, int max) {
        Map<String, Integer> first = new HashMap<>();
        List<Example> conflicts = new ArrayList<>();
        int duplicates = 0;
        int conflicting = 0;
        for (int i = 0; i < data.size(); i++) {
            Integer previous = first.putIfAbsent(data.url(i), i);
            if (previous != null) {
                duplicates++;
                if (!String.valueOf(data.label(previous)).equals(String.valueOf(data.label(i)))) {
                    conflicting++;
                    if (conflicts.size() < max) {
                        conflicts.add(new Example(i + 1, "label " + data.label(i) + " but row " + (previous + 1)
                                + " has label " + data.label(previous) + " for the same URL"));
                    }
                }
            }
        }
        if (conflicting > 0) {
            return new Check("url.duplicates", Status.FAIL, conflicting + " duplicate URLs with conflicting labels",
                    conflicts);
        }
        return new Check("url.duplicates", duplicates == 0 ? Status.PASS : Status.WARN,
                duplicates + " duplicate URL rows (same label; kept on one side of the split)", List.of());
    }

    static Check disjoint(DatasetSnapshot data, DatasetSnapshot.Split split, int max) {
        if (split == null) {
            return new Check("split.disjoint", Status.SKIPPED, "no split", List.of());
        }
        Map<String, Integer> train = new HashMap<>();
        for (int i : split.train()) {
            train.putIfAbsent(data.url(i), i);
        }
        List<Example> examples = new ArrayList<>();
        int leaks = 0;
        for (int i : split.test()) {
            Integer t = train.get(data.url(i));
            if (t != null) {
                leaks++;
                if (examples.size() < max) {
                    examples.add(new Example(i + 1, "test row has the URL of train row " + (t + 1)));
                }
            }
        }
        return leaks == 0 ? new Check("split.disjoint", Status.PASS, "no URL in both train and test", List.of())
                : new Check("split.disjoint", Status.FAIL, leaks + " test rows have a URL that is also in train",
                        examples);
    }

    static Check balance(DatasetSnapshot data, DatasetSnapshot.Split split, Policy policy) {
        List<String> parts = new ArrayList<>();
        boolean ok = true;
        Map<String, int[]> sides = new LinkedHashMap<>();
        sides.put("all", null);
        if (split != null) {
            sides.put("train", split.train());
            sides.put("test", split.test());
        }
        for (Map.Entry<String, int[]> side : sides.entrySet()) {
            int positives = 0;
            int total = 0;
            int n = side.getValue() == null ? data.size() : side.getValue().length;
            for (int k = 0; k < n; k++) {
                int i = side.getValue() == null ? k : side.getValue()[k];
                String label = data.label(i);
                if ("1".equals(label)) {
                    positives++;
                    total++;
                } else if ("0".equals(label)) {
                    total++;
                }
            }
            double share = total == 0 ? Double.NaN : (double) positives / total;
            boolean within = share >= policy.minPositiveShare() && share <= policy.maxPositiveShare();
            ok &= within;
            parts.add(String.format("%s %.3f phishing of %d", side.getKey(), share, total));
        }
        return new Check("class.balance", ok ? Status.PASS : Status.FAIL, String.join(", ", parts)
                + String.format(" (bounds [%.2f, %.2f])", policy.minPositiveShare(), policy.maxPositiveShare()),
                List.of());
    }

    static Check constantColumns(DatasetSnapshot data) {
        List<String> constant = new ArrayList<>();
        for (String c : data.columns()) {
            String first = data.size() == 0 ? null : data.value(0, c);
            boolean same = true;
            for (int i = 1; i < data.size() && same; i++) {
                same = java.util.Objects.equals(first, data.value(i, c));
            }
            if (same) {
                constant.add(c);
            }
        }
        List<String> constantFeatures = new ArrayList<>();
        double[][] lexical = FeatureDriftChecks.lexical(data);
        for (int f = 0; f < lexical.length; f++) {
            double[] v = lexical[f];
            if (Arrays.stream(v).allMatch(x -> x == v[0])) {
                constantFeatures.add(UrlFeatures.lexicalNames().get(f));
            }
        }
        if (constant.isEmpty() && constantFeatures.isEmpty()) {
            return new Check("columns.constant", Status.PASS, "no constant columns", List.of());
        }
        return new Check("columns.constant", Status.WARN, "constant columns " + constant
                + " (models use only the URL); constant URL features " + constantFeatures, List.of());
    }

    private static boolean mostlyNumeric(DatasetSnapshot data, String column) {
        int numeric = 0;
        for (int i = 0; i < data.size(); i++) {
            String v = data.value(i, column);
            if (v != null && isNumber(v)) {
                numeric++;
            }
        }
        return data.size() > 0 && numeric >= 0.99 * data.size();
    }

    private static boolean allNumeric(DatasetSnapshot data, String column) {
        for (int i = 0; i < data.size(); i++) {
            String v = data.value(i, column);
            if (v != null && !isNumber(v)) {
                return false;
            }
        }
        return data.size() > 0;
    }

    static boolean isNumber(String v) {
        if (v.isEmpty()) {
            return false;
        }
        try {
            double d = Double.parseDouble(v);
            return !Double.isNaN(d) || v.equals("NaN");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
