package io.updraft.api;

import java.util.Map;
import java.util.Set;

/**
 * Makes operators of the kinds it names. Implementations are found with {@link java.util.ServiceLoader}: list
 * the class in {@code META-INF/services/io.updraft.api.OperatorProvider}.
 *
 * <p>Implementations must be thread-safe: one instance serves every task of its kinds.
 */
public interface OperatorProvider {

    /**
     * The operator names this provider answers to, as written in a DAG file's {@code operator:} key
     * (for example {@code updraft.ml.TrainModel} or {@code airflow.operators.bash.BashOperator}).
     */
    Set<String> operatorNames();

    /**
     * Checks a task's arguments when its DAG file loads. A thrown {@link IllegalArgumentException} becomes an
     * import error naming the file, the task and this message, so say which argument is wrong and why.
     */
    default void validate(String operatorName, Map<String, Object> arguments) {
    }

    /**
     * The arguments rendered as Jinja templates before each try, or null to render every string argument.
     */
    default Set<String> templateFields(String operatorName) {
        return null;
    }

    /** Makes the operator for one try, from the task's arguments rendered for that try. */
    Operator create(String operatorName, Map<String, Object> arguments);
}
