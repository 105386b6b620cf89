package io.updraft.dag.factory;

import io.updraft.dag.OperatorCatalog;
import java.util.Map;
import java.util.Set;

/** The operators the dag-factory examples use, standing in for the real registry; BashOperator needs bash_command. */
final class TestOperatorCatalog implements OperatorCatalog {

    private static final Set<String> BASH = Set.of("airflow.operators.bash.BashOperator",
            "airflow.providers.standard.operators.bash.BashOperator");
    private static final Set<String> OTHERS = Set.of(
            "airflow.operators.python.PythonOperator",
            "airflow.providers.standard.operators.python.PythonOperator",
            "airflow.operators.empty.EmptyOperator",
            "airflow.providers.standard.operators.empty.EmptyOperator",
            "airflow.providers.http.operators.http.HttpOperator",
            "airflow.decorators.task",
            "airflow.sdk.definitions.decorators.task");

    @Override
    public boolean isKnown(String operatorName) {
        return BASH.contains(operatorName) || OTHERS.contains(operatorName);
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        if (BASH.contains(operatorName) && !arguments.containsKey("bash_command")) {
            throw new IllegalArgumentException("bash_command is required");
        }
    }

    @Override
    public Set<String> operatorNames() {
        Set<String> all = new java.util.HashSet<>(BASH);
        all.addAll(OTHERS);
        return all;
    }
}
