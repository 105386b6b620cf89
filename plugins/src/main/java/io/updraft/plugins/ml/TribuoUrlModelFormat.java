package io.updraft.plugins.ml;

import io.updraft.api.model.ModelFormat;
import io.updraft.api.model.Scorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The model format of {@link TrainModelProvider}'s folders ({@code model.tribuo} with {@code training.json}): a
 * Tribuo classifier over {@link UrlFeatures} of the raw URL, scoring P(phishing). Registered as a
 * {@link ModelFormat} so the host can serve these models without compiling against Tribuo.
 */
public final class TribuoUrlModelFormat implements ModelFormat {

    public static final String NAME = "tribuo-url";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Scorer load(Path artifact) throws IOException {
        ModelArtifacts.LoadedModel loaded = ModelArtifacts.load(artifact);
        return new UrlScorer(loaded.model(), new UrlExamples(new UrlFeatures(loaded.hashBuckets())));
    }

    /** Tribuo models predict concurrently; feature extraction keeps no state. */
    record UrlScorer(Model<Label> model, UrlExamples examples) implements Scorer {

        /** The example the model is given for a URL when serving. */
        Example<Label> example(String url) {
            return examples.example(url, -1);
        }

        @Override
        public double score(String url) {
            Label phishing = model.predict(example(url)).getOutputScores().get(UrlExamples.PHISHING);
            return phishing == null ? 0 : phishing.getScore();
        }

        @Override
        public double[] scores(List<String> urls) {
            List<Example<Label>> batch = new ArrayList<>(urls.size());
            for (String url : urls) {
                batch.add(example(url));
            }
            return ModelTraining.scores(model, batch);
        }
    }
}
