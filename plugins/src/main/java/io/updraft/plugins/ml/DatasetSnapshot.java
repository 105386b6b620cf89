package io.updraft.plugins.ml;

import io.updraft.UpdraftException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A labelled URL data set as read from an RFC 4180 CSV file with a header row (at least {@code url} and
 * {@code label}; other columns are kept). Its canonical form, RFC 4180 with CRLF line ends and minimal quoting,
 * is what the data version hashes: {@link #sha256()} is the SHA-256 of {@link #canonicalBytes()}, and
 * {@link #writeTo(Path)} stores it as {@code <sha256>.csv}. The same content always gets the same name, whatever
 * the quoting or line ends of the source.
 *
 * <p>Rows are kept as read, even malformed ones (wrong field count, bad label): judging them is
 * {@link DataValidation}'s job, so that it can name them.
 */
public final class DatasetSnapshot {

    public static final String URL = "url";
    public static final String LABEL = "label";

    private final List<String> columns;
    private final List<String[]> rows;
    private final int urlColumn;
    private final int labelColumn;
    private String sha256;

    private DatasetSnapshot(List<String> columns, List<String[]> rows) {
        this.columns = List.copyOf(columns);
        this.rows = Collections.unmodifiableList(rows);
        this.urlColumn = columns.indexOf(URL);
        this.labelColumn = columns.indexOf(LABEL);
    }

    /** Reads a CSV file (UTF-8, header row). Throws {@link DataFormatException} naming the row on a parse error. */
    public static DatasetSnapshot read(Path csv) throws IOException {
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return parse(reader, csv.toString());
        }
    }

    public static DatasetSnapshot parse(String csv) {
        try {
            return parse(new StringReader(csv), "<string>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DatasetSnapshot parse(Reader reader, String source) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        List<String[]> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames();
            try {
                for (CSVRecord record : parser) {
                    rows.add(record.values());
                }
            } catch (UncheckedIOException e) {
                throw new DataFormatException("CSV parse error in " + source + " after data row " + rows.size()
                        + ": " + e.getCause().getMessage(), e);
            }
            return new DatasetSnapshot(header, rows);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException("CSV header of " + source + " is not valid: " + e.getMessage(), e);
        }
    }

    /** Reads the snapshot {@code <sha256>.csv} in {@code folder} and checks that its content still has that hash. */
    public static DatasetSnapshot load(Path folder, String sha256) throws IOException {
        Path file = folder.resolve(sha256 + ".csv");
        DatasetSnapshot snapshot = read(file);
        if (!snapshot.sha256().equals(sha256)) {
            throw new DataFormatException("snapshot " + file + " was modified: its content hashes to "
                    + snapshot.sha256());
        }
        return snapshot;
    }

    /** Makes a snapshot from columns and rows (tests, derived data). */
    public static DatasetSnapshot of(List<String> columns, List<String[]> rows) {
        return new DatasetSnapshot(columns, new ArrayList<>(rows));
    }

    public List<String> columns() {
        return columns;
    }

    public int size() {
        return rows.size();
    }

    /** The raw fields of data row {@code i} (0-based; reports say {@code row i+1}). */
    public String[] row(int i) {
        return rows.get(i).clone();
    }

    public boolean hasColumn(String name) {
        return columns.contains(name);
    }

    /** The value of a column in row {@code i}, or null when the row is too short or the column is missing. */
    public String value(int i, String column) {
        int c = column.equals(URL) ? urlColumn : column.equals(LABEL) ? labelColumn : columns.indexOf(column);
        String[] row = rows.get(i);
        return c >= 0 && c < row.length ? row[c] : null;
    }

    public String url(int i) {
        return value(i, URL);
    }

    public String label(int i) {
        return value(i, LABEL);
    }

    public List<String> urls() {
        requireColumn(URL);
        List<String> urls = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            urls.add(url(i));
        }
        return urls;
    }

    /** Labels as 0/1; throws {@link DataFormatException} naming the first row with another value. */
    public int[] labels() {
        requireColumn(LABEL);
        int[] labels = new int[rows.size()];
        for (int i = 0; i < labels.length; i++) {
            String label = label(i);
            if ("0".equals(label)) {
                labels[i] = 0;
            } else if ("1".equals(label)) {
                labels[i] = 1;
            } else {
                throw new DataFormatException("row " + (i + 1) + ": label must be 0 or 1, not '" + label + "'");
            }
        }
        return labels;
    }

    private void requireColumn(String name) {
        if (!columns.contains(name)) {
            throw new DataFormatException("no '" + name + "' column; columns are " + columns);
        }
    }

    /** The canonical RFC 4180 form: header then rows, CRLF line ends, fields quoted only where needed. */
    public byte[] canonicalBytes() {
        StringBuilder out = new StringBuilder(rows.size() * 64);
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
            printer.printRecord(columns);
            for (String[] row : rows) {
                printer.printRecord((Object[]) row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The data version: SHA-256 (hex) of the canonical form. */
    public synchronized String sha256() {
        if (sha256 == null) {
            sha256 = sha256(canonicalBytes());
        }
        return sha256;
    }

    /** Writes the canonical form to {@code folder/<sha256>.csv} (atomically; kept as is when already there). */
    public Path writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        byte[] bytes = canonicalBytes();
        String hash = sha256(bytes);
        synchronized (this) {
            sha256 = hash;
        }
        Path target = folder.resolve(hash + ".csv");
        if (Files.exists(target)) {
            return target;
        }
        Path tmp = Files.createTempFile(folder, hash, ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /**
     * A stratified train/test split that depends only on the content and the seed: distinct URLs are ranked
     * within their class by a seeded hash of the URL, and the first {@code round(testFraction * n)} of each class
     * go to test. Every row of a URL goes to the same side, so no URL is in both. Rows with a label other than
     * 0/1 or no URL are left out of both sides.
     */
    public Split split(long seed, double testFraction) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), not " + testFraction);
        }
        requireColumn(URL);
        requireColumn(LABEL);
        java.util.Map<String, String> firstLabel = new java.util.LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            String url = url(i);
            String label = label(i);
            if (url != null && ("0".equals(label) || "1".equals(label))) {
                firstLabel.putIfAbsent(url, label);
            }
        }
        java.util.Set<String> testUrls = new java.util.HashSet<>();
        for (String cls : List.of("0", "1")) {
            List<String> urls = new ArrayList<>();
            firstLabel.forEach((url, label) -> {
                if (label.equals(cls)) {
                    urls.add(url);
                }
            });
            urls.sort((a, b) -> {
                int c = Long.compareUnsigned(rank(seed, a), rank(seed, b));
                return c != 0 ? c : a.compareTo(b);
            });
            testUrls.addAll(urls.subList(0, (int) Math.round(testFraction * urls.size())));
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String url = url(i);
            if (url == null || !firstLabel.containsKey(url)) {
                continue;
            }
            String label = label(i);
            if (!("0".equals(label) || "1".equals(label))) {
                continue;
            }
            (testUrls.contains(url) ? test : train).add(i);
        }
        return new Split(seed, testFraction, train.stream().mapToInt(Integer::intValue).toArray(),
                test.stream().mapToInt(Integer::intValue).toArray());
    }

    private static long rank(long seed, String url) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < url.length(); i++) {
            h ^= url.charAt(i);
            h *= 0x100000001b3L;
        }
        long z = h ^ (seed * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Row indices (0-based) of a train/test split. */
    public record Split(long seed, double testFraction, int[] train, int[] test) {

        /** SHA-256 over the test row indices: equal fingerprints mean the same held-out rows. */
        public String testFingerprint() {
            StringBuilder s = new StringBuilder();
            for (int i : test) {
                s.append(i).append(',');
            }
            return sha256(s.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        }
    }

    /** The input is not a readable data set; the message names the row or column. */
    public static final class DataFormatException extends UpdraftException {
        public DataFormatException(String message) {
            super(message);
        }

        public DataFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
