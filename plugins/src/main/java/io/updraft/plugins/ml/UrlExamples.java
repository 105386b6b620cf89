package io.updraft.plugins.ml;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Turns URLs, or rows of a {@link FeatureMatrix}, into Tribuo examples with {@link UrlFeatures} (sparse: zero
 * features are left out).
 */
public final class UrlExamples {

    public static final String PHISHING = "1";
    public static final String LEGITIMATE = "0";
    public static final LabelFactory LABELS = new LabelFactory();

    private final UrlFeatures features;
    private final String[] names;

    public UrlExamples(UrlFeatures features) {
        this.features = features;
        this.names = features.names().toArray(String[]::new);
    }

    public UrlFeatures features() {
        return features;
    }

    /**
     * One example from the raw URL, as served; {@code label} 1 = phishing, 0 = legitimate, -1 = unknown. Goes
     * through {@link FeatureMatrix#nonZero} and {@link #example(int[], double[], int, int, int)} like the examples
     * read from a feature artifact, so both hold the same features.
     */
    public Example<Label> example(String url, int label) {
        double[] dense = features.extract(url);
        int[] indices = new int[dense.length];
        double[] values = new double[dense.length];
        int n = FeatureMatrix.nonZero(dense, indices, values, 0);
        return example(indices, values, 0, n, label);
    }

    /** One example from the sparse entries {@code from..to} of {@code indices}/{@code values}. */
    public Example<Label> example(int[] indices, double[] values, int from, int to, int label) {
        String[] n = new String[to - from];
        double[] v = new double[to - from];
        for (int k = from; k < to; k++) {
            n[k - from] = names[indices[k]];
            v[k - from] = values[k];
        }
        Label output = label == 1 ? new Label(PHISHING) : label == 0 ? new Label(LEGITIMATE) : LabelFactory.UNKNOWN_LABEL;
        return new ArrayExample<>(output, n, v);
    }

    public List<Example<Label>> examples(DatasetSnapshot data, int[] rows) {
        int[] labels = data.labels();
        List<Example<Label>> out = new ArrayList<>(rows.length);
        for (int row : rows) {
            out.add(example(data.url(row), labels[row]));
        }
        return out;
    }

    /**
     * Examples of snapshot rows {@code rows} read from a feature artifact made with these features' hash buckets.
     *
     * @throws IllegalArgumentException when the artifact was made with other hash buckets or lacks a row
     */
    public List<Example<Label>> examples(FeatureMatrix matrix, int[] rows) {
        if (matrix.hashBuckets() != features.hashBuckets()) {
            throw new IllegalArgumentException("the feature artifact has " + matrix.hashBuckets()
                    + " hash buckets, the model " + features.hashBuckets());
        }
        List<Example<Label>> out = new ArrayList<>(rows.length);
        for (int row : rows) {
            int i = matrix.positionOf(row);
            if (i < 0) {
                throw new IllegalArgumentException("the feature artifact has no row " + (row + 1));
            }
            out.add(example(matrix.indices(), matrix.values(), matrix.from(i), matrix.to(i), matrix.label(i)));
        }
        return out;
    }

    /** A Tribuo data set whose provenance names the snapshot and the split side. */
    public MutableDataset<Label> dataset(DatasetSnapshot data, int[] rows, String description) {
        return dataset(examples(data, rows), description);
    }

    public MutableDataset<Label> dataset(List<Example<Label>> examples, String description) {
        // a fixed creation time: the model file's provenance must not change between two trainings on the same inputs
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(description,
                ModelTraining.PROVENANCE_TIME, LABELS), LABELS);
        dataset.addAll(examples);
        return dataset;
    }
}
