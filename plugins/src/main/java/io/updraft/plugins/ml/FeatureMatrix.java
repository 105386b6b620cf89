package io.updraft.plugins.ml;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link UrlFeatures} of a snapshot's labelled rows, stored sparse (row-compressed: the non-zero features of
 * each row, in feature order, as exact doubles): what {@code updraft.ml.ExtractUrlFeatures} writes and the training
 * and validation tasks read instead of extracting again. Serving extracts the same vectors from the URL through
 * the same {@link #nonZero} step, so a model sees identical features in both paths.
 *
 * <p>File layout ({@code .features}): the ASCII line {@value #MAGIC}, a 4-byte header length and a UTF-8 JSON
 * header (format, extractor, hash buckets, dimension, feature names, data SHA-256, rows, non-zeros), then big-endian
 * arrays: row ids (int, the snapshot's 0-based data row), labels (byte), row offsets (int, rows + 1), feature
 * indices (int) and values (double). The file is named by its own SHA-256, which {@link #read} checks.
 */
public final class FeatureMatrix {

    static final String MAGIC = "UPDRAFT-URL-FEATURES/1\n";
    static final String FORMAT = "updraft-url-features/1";
    public static final String EXTENSION = ".features";

    private final String dataSha256;
    private final int hashBuckets;
    private final int dimension;
    private final int[] rowIds;
    private final byte[] labels;
    private final int[] offsets;
    private final int[] indices;
    private final double[] values;
    private final Map<Integer, Integer> positionOfRow;

    private FeatureMatrix(String dataSha256, int hashBuckets, int dimension, int[] rowIds, byte[] labels,
            int[] offsets, int[] indices, double[] values) {
        this.dataSha256 = dataSha256;
        this.hashBuckets = hashBuckets;
        this.dimension = dimension;
        this.rowIds = rowIds;
        this.labels = labels;
        this.offsets = offsets;
        this.indices = indices;
        this.values = values;
        this.positionOfRow = new java.util.HashMap<>(rowIds.length * 2);
        for (int i = 0; i < rowIds.length; i++) {
            positionOfRow.put(rowIds[i], i);
        }
    }

    /**
     * Writes the non-zero entries of {@code dense}, in index order, to {@code indices}/{@code values} from
     * {@code at}; returns how many. The one sparsification step of both training and serving.
     */
    static int nonZero(double[] dense, int[] indices, double[] values, int at) {
        int n = 0;
        for (int i = 0; i < dense.length; i++) {
            if (dense[i] != 0) {
                indices[at + n] = i;
                values[at + n] = dense[i];
                n++;
            }
        }
        return n;
    }

    /** Extraction figures: rows and the seconds spent in feature extraction alone. */
    public record Extraction(FeatureMatrix matrix, double seconds) {
        public double urlsPerSecond() {
            return seconds > 0 ? matrix.rows() / seconds : 0;
        }
    }

    /** The features of every row of {@code data} with a URL and a 0/1 label. */
    public static Extraction extract(DatasetSnapshot data, UrlFeatures features) {
        int dimension = features.dimension();
        int[] rowIds = new int[data.size()];
        byte[] labels = new byte[data.size()];
        int[] offsets = new int[data.size() + 1];
        int[] indices = new int[Math.max(16, data.size() * 96)];
        double[] values = new double[indices.length];
        double[] dense = new double[dimension];
        int rows = 0;
        int nnz = 0;
        long start = System.nanoTime();
        for (int row = 0; row < data.size(); row++) {
            String url = data.url(row);
            String label = data.label(row);
            if (url == null || !("0".equals(label) || "1".equals(label))) {
                continue;
            }
            features.extract(url, dense);
            if (indices.length - nnz < dimension) {
                indices = Arrays.copyOf(indices, Math.max(indices.length * 2, nnz + dimension));
                values = Arrays.copyOf(values, indices.length);
            }
            nnz += nonZero(dense, indices, values, nnz);
            rowIds[rows] = row;
            labels[rows] = (byte) (label.charAt(0) - '0');
            offsets[++rows] = nnz;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        FeatureMatrix matrix = new FeatureMatrix(data.sha256(), features.hashBuckets(), dimension,
                Arrays.copyOf(rowIds, rows), Arrays.copyOf(labels, rows), Arrays.copyOf(offsets, rows + 1),
                Arrays.copyOf(indices, nnz), Arrays.copyOf(values, nnz));
        return new Extraction(matrix, seconds);
    }

    public String dataSha256() {
        return dataSha256;
    }

    public int hashBuckets() {
        return hashBuckets;
    }

    public int dimension() {
        return dimension;
    }

    public int rows() {
        return rowIds.length;
    }

    public long nonZeros() {
        return values.length;
    }

    /** The snapshot row (0-based data row) of position {@code i}. */
    public int rowId(int i) {
        return rowIds[i];
    }

    public int label(int i) {
        return labels[i];
    }

    /** The position of a snapshot row, or -1 when the matrix does not hold it. */
    public int positionOf(int rowId) {
        Integer p = positionOfRow.get(rowId);
        return p == null ? -1 : p;
    }

    /** The full vector at position {@code i}. */
    public double[] dense(int i) {
        double[] out = new double[dimension];
        for (int k = offsets[i]; k < offsets[i + 1]; k++) {
            out[indices[k]] = values[k];
        }
        return out;
    }

    int[] indices() {
        return indices;
    }

    double[] values() {
        return values;
    }

    int from(int i) {
        return offsets[i];
    }

    int to(int i) {
        return offsets[i + 1];
    }

    /** The header written before the arrays (also what the task reports). */
    Map<String, Object> header() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("format", FORMAT);
        h.put("extractor", UrlFeatures.class.getName());
        h.put("hash_buckets", hashBuckets);
        h.put("dimension", dimension);
        h.put("names", new UrlFeatures(hashBuckets).names());
        h.put("data_sha256", dataSha256);
        h.put("rows", rows());
        h.put("non_zeros", nonZeros());
        return h;
    }

    /** A written artifact: its path (named by the SHA-256), the SHA-256 and its size. */
    public record Stored(Path path, String sha256, long bytes) {
    }

    /** Writes {@code folder/<sha256>.features} (atomically; kept as is when that content is already there). */
    public Stored writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path tmp = Files.createTempFile(folder, "features", ".tmp");
        try {
            MessageDigest digest = sha256();
            try (OutputStream file = Files.newOutputStream(tmp);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                            new DigestOutputStream(file, digest), 1 << 16))) {
                out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
                byte[] header = Json.toString(header()).getBytes(StandardCharsets.UTF_8);
                out.writeInt(header.length);
                out.write(header);
                for (int id : rowIds) {
                    out.writeInt(id);
                }
                out.write(labels);
                for (int offset : offsets) {
                    out.writeInt(offset);
                }
                for (int index : indices) {
                    out.writeInt(index);
                }
                for (double value : values) {
                    out.writeDouble(value);
                }
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            Path target = folder.resolve(sha + EXTENSION);
            long bytes = Files.size(tmp);
            if (!Files.exists(target)) {
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new Stored(target, sha, bytes);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads an artifact and checks its SHA-256 against {@code expectedSha256} (or, when null, against its file name
     * if that is a SHA-256), and that its feature names are those {@link UrlFeatures} gives now.
     *
     * @throws DatasetSnapshot.DataFormatException naming the file and what is wrong
     */
    public static FeatureMatrix read(Path file, String expectedSha256) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String actual = HexFormat.of().formatHex(sha256().digest(bytes));
        String name = file.getFileName().toString();
        String expected = expectedSha256 != null ? expectedSha256
                : name.matches("[0-9a-f]{64}\\" + EXTENSION) ? name.substring(0, 64) : null;
        if (expected != null && !expected.equals(actual)) {
            throw new DatasetSnapshot.DataFormatException("feature artifact " + file + " was modified: its content "
                    + "hashes to " + actual + ", expected " + expected);
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte[] magic = new byte[MAGIC.length()];
            in.readFully(magic);
            if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
                throw new DatasetSnapshot.DataFormatException(file + " is not a URL feature artifact ("
                        + FORMAT + ")");
            }
            byte[] headerBytes = new byte[in.readInt()];
            in.readFully(headerBytes);
            @SuppressWarnings("unchecked")
            Map<String, Object> header = new com.fasterxml.jackson.databind.ObjectMapper().readValue(headerBytes,
                    Map.class);
            int buckets = ((Number) header.get("hash_buckets")).intValue();
            UrlFeatures features = new UrlFeatures(buckets);
            if (!features.names().equals(header.get("names"))) {
                throw new DatasetSnapshot.DataFormatException("feature artifact " + file + " has other feature names"
                        + " than " + UrlFeatures.class.getSimpleName() + " with " + buckets
                        + " hash buckets gives now: extract the features again");
            }
            int rows = ((Number) header.get("rows")).intValue();
            long nnz = ((Number) header.get("non_zeros")).longValue();
            int[] rowIds = new int[rows];
            for (int i = 0; i < rows; i++) {
                rowIds[i] = in.readInt();
            }
            byte[] labels = new byte[rows];
            in.readFully(labels);
            int[] offsets = new int[rows + 1];
            for (int i = 0; i <= rows; i++) {
                offsets[i] = in.readInt();
            }
            int[] indices = new int[Math.toIntExact(nnz)];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = in.readInt();
            }
            double[] values = new double[indices.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
            if (in.read() != -1) {
                throw new DatasetSnapshot.DataFormatException("feature artifact " + file
                        + " has data after its last value");
            }
            return new FeatureMatrix(String.valueOf(header.get("data_sha256")), buckets, features.dimension(),
                    rowIds, labels, offsets, indices, values);
        } catch (java.io.EOFException e) {
            throw new DatasetSnapshot.DataFormatException("feature artifact " + file + " is truncated", e);
        }
    }

    /** The SHA-256 (hex) of a file's bytes. */
    static String sha256Of(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Feature names of this matrix, in vector order. */
    public List<String> names() {
        return new UrlFeatures(hashBuckets).names();
    }
}
