package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import java.util.Map;
import java.util.Set;

/** Airflow's BashOperator under its Airflow 2 and 3 class paths. */
public final class BashOperatorProvider implements OperatorProvider {

    static final Set<String> NAMES = Set.of(
            "airflow.operators.bash.BashOperator",
            "airflow.operators.bash_operator.BashOperator",
            "airflow.providers.standard.operators.bash.BashOperator");

    @Override
    public Set<String> operatorNames() {
        return NAMES;
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        Arguments.requiredString(arguments, "bash_command");
        Arguments.map(arguments, "env");
        Arguments.string(arguments, "cwd", null);
        Arguments.bool(arguments, "append_env", false);
        BashOperator.skipExitCodes(arguments);
    }

    @Override
    public Set<String> templateFields(String operatorName) {
        return Set.of("bash_command", "env", "cwd");
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        return new BashOperator(Arguments.requiredString(arguments, "bash_command"), Arguments.map(arguments, "env"),
                Arguments.bool(arguments, "append_env", false), Arguments.string(arguments, "cwd", null),
                BashOperator.skipExitCodes(arguments));
    }
}
