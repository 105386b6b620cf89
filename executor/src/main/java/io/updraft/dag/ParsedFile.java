package io.updraft.dag;

import java.util.List;
import java.util.Map;

/**
 * What one DAG file gave: the DAGs that built, an import error for each DAG (or for the whole file) that did not,
 * the warnings, and where each DAG's key was written.
 */
public record ParsedFile(String filename, List<Dag> dags, List<ImportError> importErrors, List<LoadWarning> warnings,
                         Map<String, SourcePosition> dagPositions) {

    public ParsedFile {
        dags = List.copyOf(dags);
        importErrors = List.copyOf(importErrors);
        warnings = List.copyOf(warnings);
        dagPositions = Map.copyOf(dagPositions);
    }
}
