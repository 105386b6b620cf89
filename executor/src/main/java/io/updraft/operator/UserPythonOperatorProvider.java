package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import java.util.Map;
import java.util.Set;

/**
 * Operators written by users in Python (subclasses of Airflow's BaseOperator), found by {@link UserPythonOperators}
 * rather than by name. Their arguments are checked by the class itself when the task runs, and their
 * {@code template_fields}, known only to Python, are rendered by {@link UserPythonOperator}.
 */
final class UserPythonOperatorProvider implements OperatorProvider {

    @Override
    public Set<String> operatorNames() {
        return Set.of();
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
    }

    @Override
    public Set<String> templateFields(String operatorName) {
        return Set.of();
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        return new UserPythonOperator(operatorName, arguments);
    }
}
