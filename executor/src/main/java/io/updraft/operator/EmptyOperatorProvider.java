package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import java.util.Map;
import java.util.Set;

/** Airflow's EmptyOperator (and its old name DummyOperator): does nothing. */
public final class EmptyOperatorProvider implements OperatorProvider {

    static final Set<String> NAMES = Set.of(
            "airflow.operators.empty.EmptyOperator",
            "airflow.providers.standard.operators.empty.EmptyOperator",
            "airflow.operators.dummy.DummyOperator",
            "airflow.operators.dummy_operator.DummyOperator");

    @Override
    public Set<String> operatorNames() {
        return NAMES;
    }

    @Override
    public Set<String> templateFields(String operatorName) {
        return Set.of();
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        return context -> null;
    }
}
