package io.updraft.plugins.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.api.OperatorProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SleepOperatorProviderTest {

    @Test
    void isFoundThroughServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(OperatorProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(provider -> assertThat(provider.operatorNames()).contains("updraft.example.Sleep"));
    }

    @Test
    void rejectsANegativeOrNonNumericDuration() {
        SleepOperatorProvider provider = new SleepOperatorProvider();

        assertThatThrownBy(() -> provider.validate(SleepOperatorProvider.NAME, Map.of("seconds", -1)))
                .hasMessageContaining("seconds must be a number of seconds >= 0");
        assertThatThrownBy(() -> provider.validate(SleepOperatorProvider.NAME, Map.of("seconds", "soon")))
                .hasMessageContaining("'soon'");
    }
}
