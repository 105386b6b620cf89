package io.updraft.plugins.ml;

import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Turns URLs into Tribuo examples with {@link UrlFeatures} (sparse: zero features are left out). */
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

    /** One example; {@code label} 1 = phishing, 0 = legitimate, -1 = unknown. */
    public Example<Label> example(String url, int label) {
        double[] dense = features.extract(url);
        int nonZero = 0;
        for (double v : dense) {
            if (v != 0) {
                nonZero++;
            }
        }
        String[] n = new String[nonZero];
        double[] v = new double[nonZero];
        int j = 0;
        for (int i = 0; i < dense.length; i++) {
            if (dense[i] != 0) {
                n[j] = names[i];
                v[j++] = dense[i];
            }
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

    /** A Tribuo data set whose provenance names the snapshot and the split side. */
    public MutableDataset<Label> dataset(DatasetSnapshot data, int[] rows, String description) {
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(description, LABELS),
                LABELS);
        dataset.addAll(examples(data, rows));
        return dataset;
    }
}
