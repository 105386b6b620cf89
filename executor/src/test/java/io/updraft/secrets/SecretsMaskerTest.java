package io.updraft.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SecretsMaskerTest {

    @Test
    void sensitiveNamesAreAirflowsWordsInNormalisedKeys() {
        SensitiveNames names = SensitiveNames.fromEnvironment(Map.of());
        assertThat(names.hides("my_password")).isTrue();
        assertThat(names.hides("DB-Password")).isTrue();
        assertThat(names.hides("github api-key")).isTrue(); // non-word runs become "_": api_key
        assertThat(names.hides("apiKeyName")).isTrue();
        assertThat(names.hides("access_token")).isTrue();
        assertThat(names.hides("color")).isFalse();
        assertThat(names.hides(null)).isFalse();
        SensitiveNames extended = SensitiveNames.fromEnvironment(Map.of(SensitiveNames.ENVIRONMENT_VARIABLE,
                "pin, Signature"));
        assertThat(extended.hides("card_pin")).isTrue();
        assertThat(extended.hides("request_signature")).isTrue();
    }

    @Test
    void masksRegisteredValuesTheirJsonFormAndEachLine() {
        SecretsMasker masker = new SecretsMasker();
        masker.add("hunter22");
        masker.add("line-one-aaa\nline-two-bbb \"q\"");
        masker.add("abc"); // shorter than Airflow's minimum: not masked
        masker.add("airflow");
        assertThat(masker.mask("login with hunter22 now")).isEqualTo("login with *** now");
        assertThat(masker.mask("line-one-aaa")).isEqualTo("***");
        assertThat(masker.mask("x line-two-bbb \"q\" y")).isEqualTo("x *** y");
        assertThat(masker.mask(Json.write("line-one-aaa\nline-two-bbb \"q\""))).isEqualTo("\"***\"");
        assertThat(masker.mask("abc airflow")).isEqualTo("abc airflow");
    }

    @Test
    void namedValuesAreMaskedOnlyUnderSensitiveNames() {
        SecretsMasker masker = new SecretsMasker();
        masker.add(Map.of("region", "eu-west-1", "api_key", "k-123456", "nested", Map.of("password", "p-654321")),
                null);
        assertThat(masker.mask("eu-west-1 k-123456 p-654321")).isEqualTo("eu-west-1 *** ***");
        masker.add("plain-value", "color");
        assertThat(masker.mask("plain-value")).isEqualTo("plain-value");
    }

    @Test
    void redactHidesSensitiveKeysAtAnyDepthAndMasksStrings() {
        SecretsMasker masker = new SecretsMasker();
        masker.add("known-secret");
        Object redacted = masker.redact(Map.of("env", Map.of("API_TOKEN", "anything", "HOME", "/home/x"),
                "cmd", "echo known-secret", "items", List.of(Map.of("secret", List.of("a", 1)))), null);
        assertThat(redacted).isEqualTo(Map.of("env", Map.of("API_TOKEN", "***", "HOME", "/home/x"),
                "cmd", "echo ***", "items", List.of(Map.of("secret", List.of("***", 1)))));
        assertThat(masker.redactText("{\"user\": \"u\", \"token\": \"t-1\"}", "config"))
                .isEqualTo("{\"user\":\"u\",\"token\":\"***\"}");
        assertThat(masker.redactText("{\"user\": \"u\"}", "config")).isEqualTo("{\"user\": \"u\"}");
        assertThat(masker.redactText("anything", "my_password")).isEqualTo("***");
        assertThat(masker.redactText("see known-secret", "note")).isEqualTo("see ***");
    }

    @Test
    void sourcesAreAskedOnEachUse() {
        SecretsMasker masker = new SecretsMasker();
        AtomicReference<Set<String>> secrets = new AtomicReference<>(Set.of("first-secret"));
        masker.addSource(secrets::get);
        assertThat(masker.mask("first-secret second-secret")).isEqualTo("*** second-secret");
        secrets.set(Set.of("second-secret"));
        assertThat(masker.mask("first-secret second-secret")).isEqualTo("first-secret ***");
    }

    @Test
    void theLogStreamMasksWholeLinesAcrossWritesAndFlushes() {
        SecretsMasker masker = new SecretsMasker();
        masker.add("split-secret");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(new MaskingOutputStream(file, masker), true, StandardCharsets.UTF_8);
        log.print("a split-");
        log.flush();
        log.print("secret b");
        log.println();
        log.print("tail split-secret");
        log.close();
        assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo("a *** b" + System.lineSeparator()
                + "tail ***");
    }
}
