package io.updraft.plugins.ml;

import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code updraft.ml.ExtractUrlFeatures}: computes {@link UrlFeatures} ({@code hash_buckets}, default 256) of every
 * labelled row of a validated snapshot ({@code snapshot} or {@code snapshot_task}; the validation report of the
 * split {@code seed}/{@code test_fraction}, default 42/0.2, must have passed) and stores them as a
 * {@link FeatureMatrix}: {@code ml/features/<data sha256>/<artifact sha256>.features}. TrainModel and ValidateModel
 * read it with {@code features_task}. XCom: {@code features_path}, {@code features_sha256}, {@code data_sha256},
 * {@code rows}, {@code feature_count}, {@code hash_buckets}, {@code non_zeros_per_row}, {@code bytes},
 * {@code extract_seconds}, {@code extraction_urls_per_second}.
 */
public final class ExtractUrlFeaturesProvider implements OperatorProvider {

    public static final String NAME = "updraft.ml.ExtractUrlFeatures";
    private static final String[] ARGS = {"snapshot", "snapshot_task", "hash_buckets", "seed", "test_fraction"};

    @Override
    public Set<String> operatorNames() {
        return Set.of(NAME);
    }

    record Settings(int hashBuckets, long seed, double testFraction) {
    }

    static Settings settings(MlArgs args) {
        long buckets = args.integer("hash_buckets", UrlFeatures.DEFAULT_HASH_BUCKETS, 0, 1 << 16);
        if ((buckets & (buckets - 1)) != 0) {
            throw new IllegalArgumentException(NAME + ": argument 'hash_buckets' must be 0 or a power of two, not "
                    + buckets);
        }
        long seed = args.integer("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        Double fraction = args.number("test_fraction", 0.2, 0.01, 0.99);
        return new Settings((int) buckets, seed, fraction == null ? 0.2 : fraction);
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atLoad(NAME, arguments);
        args.allowOnly(ARGS);
        args.requireOneOf("snapshot", "snapshot_task");
        settings(args);
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atRun(NAME, arguments);
        Settings s = settings(args);
        return context -> {
            MlWorkspace workspace = new MlWorkspace(context);
            DatasetSnapshot data = workspace.snapshot(args);
            workspace.requireValidated(data, s.seed(), s.testFraction(), "extract features of");
            FeatureMatrix.Extraction extraction = FeatureMatrix.extract(data, new UrlFeatures(s.hashBuckets()));
            FeatureMatrix matrix = extraction.matrix();
            FeatureMatrix.Stored stored = matrix.writeTo(workspace.features(data.sha256()));
            double perRow = matrix.rows() == 0 ? 0 : (double) matrix.nonZeros() / matrix.rows();
            context.log().printf("extracted %d features (%d lexical, %d hashed n-gram/token buckets) of %d URLs of"
                    + " snapshot %s in %.3f s: %,.0f URLs/s, %.1f non-zero features per URL%n", matrix.dimension(),
                    UrlFeatures.lexicalCount(), s.hashBuckets(), matrix.rows(), data.sha256(), extraction.seconds(),
                    extraction.urlsPerSecond(), perRow);
            context.log().printf("feature artifact %s (%,d bytes, SHA-256 %s)%n", stored.path(), stored.bytes(),
                    stored.sha256());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("features_path", stored.path().toString());
            out.put("features_sha256", stored.sha256());
            out.put("data_sha256", data.sha256());
            out.put("rows", matrix.rows());
            out.put("feature_count", matrix.dimension());
            out.put("hash_buckets", s.hashBuckets());
            out.put("non_zeros_per_row", perRow);
            out.put("bytes", stored.bytes());
            out.put("extract_seconds", extraction.seconds());
            out.put("extraction_urls_per_second", extraction.urlsPerSecond());
            return out;
        };
    }
}
