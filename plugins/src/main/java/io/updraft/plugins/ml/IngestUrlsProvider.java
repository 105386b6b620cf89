package io.updraft.plugins.ml;

import io.updraft.api.FailTaskException;
import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code updraft.ml.IngestUrls}: reads the labelled URL CSV {@code source} (RFC 4180, header with {@code url}
 * and {@code label}) and stores its canonical form as {@code UPDRAFT_HOME/ml/snapshots/<sha256>.csv}; the
 * SHA-256 is the data version. XCom: {@code snapshot_sha256}, {@code snapshot_path}, {@code source},
 * {@code rows}, {@code columns}, {@code label_counts}.
 */
public final class IngestUrlsProvider implements OperatorProvider {

    public static final String NAME = "updraft.ml.IngestUrls";

    @Override
    public Set<String> operatorNames() {
        return Set.of(NAME);
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atLoad(NAME, arguments);
        args.allowOnly("source");
        args.string("source");
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atRun(NAME, arguments);
        String source = args.string("source");
        return context -> {
            Path path = Path.of(source);
            if (!Files.isRegularFile(path)) {
                throw new FailTaskException("argument 'source': no file '" + source + "' (working directory "
                        + Path.of("").toAbsolutePath() + ")");
            }
            DatasetSnapshot data;
            try {
                data = DatasetSnapshot.read(path);
            } catch (DatasetSnapshot.DataFormatException e) {
                throw new FailTaskException("ingest of '" + source + "' failed: " + e.getMessage(), e);
            }
            MlWorkspace workspace = new MlWorkspace(context);
            Path snapshot = data.writeTo(workspace.snapshots());
            Map<String, Object> counts = new LinkedHashMap<>();
            if (data.hasColumn(DatasetSnapshot.LABEL)) {
                for (int i = 0; i < data.size(); i++) {
                    counts.merge(String.valueOf(data.label(i)), 1, (a, b) -> (Integer) a + (Integer) b);
                }
            }
            context.log().printf("ingested %s: %d rows, %d columns, labels %s%n", source, data.size(),
                    data.columns().size(), counts);
            context.log().printf("snapshot (data version) %s at %s%n", data.sha256(), snapshot);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("snapshot_sha256", data.sha256());
            out.put("snapshot_path", snapshot.toString());
            out.put("source", path.toAbsolutePath().toString());
            out.put("rows", data.size());
            out.put("columns", data.columns().size());
            out.put("label_counts", counts);
            return out;
        };
    }
}
