package io.updraft.dag.factory;

import io.updraft.dag.Dag;
import io.updraft.dag.ImportError;
import io.updraft.dag.LoadWarning;
import java.util.List;
import java.util.Map;

/**
 * What one DAG file gave: the DAGs that built, an import error for each DAG (or for the whole file) that did not,
 * the warnings, and where each DAG's key was written.
 */
record ParsedFile(String filename, List<Dag> dags, List<ImportError> importErrors, List<LoadWarning> warnings,
                  Map<String, SourcePosition> dagPositions) {

    ParsedFile {
        dags = List.copyOf(dags);
        importErrors = List.copyOf(importErrors);
        warnings = List.copyOf(warnings);
        dagPositions = Map.copyOf(dagPositions);
    }
}
