package io.updraft.plugins.ml;

import io.updraft.api.FailTaskException;
import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code updraft.ml.ValidateData}: runs {@link DataValidation} on a snapshot ({@code snapshot}: SHA-256 or path,
 * or {@code snapshot_task}: the ingest task) and its split ({@code seed}, default 42; {@code test_fraction},
 * default 0.2), against {@code reference} (SHA-256 or path) or else the last accepted snapshot. Bounds:
 * {@code min_positive_share}/{@code max_positive_share} (0.2/0.8), {@code max_psi} (0.25). Writes the JSON report
 * under {@code ml/reports/<sha256>/}, prints it to the log and, when it passes, makes the snapshot the accepted
 * one. A failed check fails the task with the check's name and example rows. XCom: {@code passed},
 * {@code status}, {@code snapshot_sha256}, {@code reference_sha256}, {@code report_path}, {@code checks},
 * {@code max_psi}, {@code seed}, {@code test_fraction}, {@code train_rows}, {@code test_rows}.
 */
public final class ValidateDataProvider implements OperatorProvider {

    public static final String NAME = "updraft.ml.ValidateData";
    private static final String[] ARGS = {"snapshot", "snapshot_task", "reference", "seed", "test_fraction",
        "min_positive_share", "max_positive_share", "max_psi"};

    @Override
    public Set<String> operatorNames() {
        return Set.of(NAME);
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atLoad(NAME, arguments);
        args.allowOnly(ARGS);
        args.requireOneOf("snapshot", "snapshot_task");
        settings(args);
    }

    record Settings(long seed, double testFraction, DataValidation.Policy policy) {
    }

    static Settings settings(MlArgs args) {
        long seed = args.integer("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        Double fraction = args.number("test_fraction", 0.2, 0.01, 0.99);
        DataValidation.Policy d = DataValidation.Policy.defaults();
        Double min = args.number("min_positive_share", d.minPositiveShare(), 0, 1);
        Double max = args.number("max_positive_share", d.maxPositiveShare(), 0, 1);
        Double psi = args.number("max_psi", d.maxPsi(), 0, 100);
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException(NAME + ": argument 'min_positive_share' (" + min
                    + ") is above 'max_positive_share' (" + max + ")");
        }
        return new Settings(seed, fraction == null ? 0.2 : fraction, new DataValidation.Policy(
                min == null ? d.minPositiveShare() : min, max == null ? d.maxPositiveShare() : max,
                psi == null ? d.maxPsi() : psi, Math.min(d.warnPsi(), psi == null ? d.maxPsi() : psi), d.ksAlpha(),
                d.maxExamples()));
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atRun(NAME, arguments);
        Settings settings = settings(args);
        return context -> {
            MlWorkspace workspace = new MlWorkspace(context);
            DatasetSnapshot data = workspace.snapshot(args);
            DatasetSnapshot reference = args.has("reference") ? workspace.resolve(args.string("reference"),
                    "reference") : workspace.lastAccepted();
            DatasetSnapshot.Split split = data.hasColumn(DatasetSnapshot.URL) && data.hasColumn(DatasetSnapshot.LABEL)
                    ? data.split(settings.seed(), settings.testFraction()) : null;
            DataValidation.Report report = DataValidation.validate(data, split, reference, settings.policy());
            Path reportPath = workspace.validationReport(data.sha256(), settings.seed(), settings.testFraction());
            Json.write(reportPath, report);
            context.log().print(report.summary());
            context.log().println("report: " + reportPath);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("passed", report.passed());
            out.put("status", report.status().name());
            out.put("snapshot_sha256", data.sha256());
            out.put("reference_sha256", report.referenceSha256());
            out.put("report_path", reportPath.toString());
            out.put("checks", report.checks().stream().collect(Collectors.toMap(DataValidation.Check::name,
                    c -> c.status().name(), (a, b) -> a, LinkedHashMap::new)));
            out.put("max_psi", report.drift().stream().mapToDouble(DataValidation.FeatureDrift::psi).max()
                    .orElse(0));
            out.put("seed", settings.seed());
            out.put("test_fraction", settings.testFraction());
            out.put("train_rows", report.trainRows());
            out.put("test_rows", report.testRows());
            if (!report.passed()) {
                StringBuilder message = new StringBuilder("data validation failed for snapshot " + data.sha256());
                for (DataValidation.Check c : report.failures()) {
                    message.append("; check ").append(c.name()).append(": ").append(c.message());
                    for (DataValidation.Example e : c.examples()) {
                        message.append(" [row ").append(e.row()).append(": ").append(e.detail()).append(']');
                    }
                }
                throw new FailTaskException(message.toString());
            }
            Json.write(workspace.acceptedPointer(), Map.of("sha256", data.sha256(), "accepted_at",
                    OffsetDateTime.now().toString(), "dag_id", context.dagId(), "run_id", context.runId(),
                    "report_path", reportPath.toString()));
            return out;
        };
    }
}
