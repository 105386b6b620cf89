package io.updraft.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.api.OperatorProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OperatorRegistryTest {

    private final OperatorRegistry registry = new OperatorRegistry();

    @ParameterizedTest
    @CsvSource({
            "airflow.operators.empty.EmptyOperator, EmptyOperator",
            "airflow.providers.standard.operators.empty.EmptyOperator, EmptyOperator",
            "airflow.operators.dummy.DummyOperator, DummyOperator",
            "airflow.operators.dummy_operator.DummyOperator, DummyOperator",
            "airflow.operators.bash.BashOperator, BashOperator",
            "airflow.operators.bash_operator.BashOperator, BashOperator",
            "airflow.providers.standard.operators.bash.BashOperator, BashOperator",
            "airflow.operators.python.PythonOperator, PythonOperator",
            "airflow.operators.python_operator.BranchPythonOperator, BranchPythonOperator",
            "airflow.providers.standard.operators.python.ShortCircuitOperator, ShortCircuitOperator",
            "airflow.decorators.task, _PythonDecoratedOperator",
            "airflow.sdk.task.branch, _BranchPythonDecoratedOperator",
            "airflow.sdk.definitions.decorators.task.short_circuit, _ShortCircuitDecoratedOperator",
            "airflow.providers.http.operators.http.HttpOperator, HttpOperator",
            "airflow.providers.http.operators.http.SimpleHttpOperator, SimpleHttpOperator",
            "airflow.operators.http_operator.SimpleHttpOperator, SimpleHttpOperator",
    })
    void knowsAirflowClassPaths(String name, String className) {
        assertThat(registry.isKnown(name)).isTrue();
        assertThat(registry.operatorClassName(name)).isEqualTo(className);
    }

    @ParameterizedTest
    @CsvSource({
        "airflow.decorators.task, @task",
        "airflow.sdk.task.branch, @task.branch",
        "airflow.sdk.definitions.decorators.task.short_circuit, @task.short_circuit",
        "airflow.providers.standard.operators.bash.BashOperator, BashOperator",
        "customized.operators.MakeBreadOperator, MakeBreadOperator",
    })
    void reportsOperatorNamesAsAirflowDoes(String name, String operatorName) {
        assertThat(OperatorRegistry.operatorName(name)).isEqualTo(operatorName);
    }

    @Test
    void rejectsUnknownOperators() {
        assertThat(registry.isKnown("airflow.operators.nope.NopeOperator")).isFalse();
        assertThatThrownBy(() -> registry.validate("airflow.operators.nope.NopeOperator", Map.of()))
                .hasMessageContaining("unknown operator 'airflow.operators.nope.NopeOperator'");
    }

    @Test
    void onlyEmptyOperatorsAreSkippedByTheEngine() {
        assertThat(registry.isEmptyOperator("airflow.operators.dummy.DummyOperator")).isTrue();
        assertThat(registry.isEmptyOperator("airflow.operators.bash.BashOperator")).isFalse();
    }

    @Test
    void validationNamesTheWrongArgument() {
        assertThatThrownBy(() -> registry.validate("airflow.operators.bash.BashOperator", Map.of()))
                .hasMessage("BashOperator: bash_command is required");
        assertThatThrownBy(() -> registry.validate("airflow.operators.bash.BashOperator",
                Map.of("bash_command", "true", "skip_on_exit_code", "x")))
                .hasMessageContaining("skip_on_exit_code");
        assertThatThrownBy(() -> registry.validate("airflow.operators.python.PythonOperator", Map.of()))
                .hasMessageContaining("python_callable is required");
        assertThatThrownBy(() -> registry.validate("airflow.operators.python.PythonOperator",
                Map.of("python_callable_name", "f")))
                .hasMessageContaining("python_callable_file is required");
        assertThatThrownBy(() -> registry.validate("airflow.providers.http.operators.http.HttpOperator",
                Map.of("method", "FETCH")))
                .hasMessageContaining("method must be one of");
        registry.validate("airflow.providers.http.operators.http.HttpOperator",
                Map.of("http_conn_id", "example_host", "endpoint", "/run_test", "data", Map.of("a", "b")));
    }

    @Test
    void twoProvidersWithTheSameNameAreAnError() {
        List<OperatorProvider> providers = List.of(new BashOperatorProvider(), new BashOperatorProvider());
        assertThatThrownBy(() -> new OperatorRegistry(providers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is provided twice");
    }
}
