package io.updraft.dag;

import java.util.List;

/** Everything loaded from a DAG folder: the DAGs that built, and what went wrong or looked wrong elsewhere. */
public record DagBag(List<Dag> dags, List<ImportError> importErrors, List<LoadWarning> warnings) {

    public DagBag {
        dags = List.copyOf(dags);
        importErrors = List.copyOf(importErrors);
        warnings = List.copyOf(warnings);
    }
}
