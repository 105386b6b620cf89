package io.updraft.dag.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** YAML values come out as PyYAML would give them to dag-factory. */
class YamlDocumentReaderTest {

    @Test
    void scalarsFollowYaml11() {
        Map<String, Object> root = new YamlDocumentReader().read("""
                ints: [42, -7, 0x1F, 017, 0b101, 1_000, "1:30", 1:30, 99999999999, 123456789012345678901234567890]
                floats: [1.5, .inf, -.inf, 6.02e+23]
                bools: [yes, No, on, OFF, true]
                nothing: ~
                dates: [2024-11-11, 2024-11-11 08:30:00, 2024-11-11T08:30:00.5+02:00, 2024-13-45]
                text: 'x'
                """).root();
        assertThat(root.get("ints")).isEqualTo(List.of(42, -7, 31, 15, 5, 1000, "1:30", 90, 99_999_999_999L,
                new BigInteger("123456789012345678901234567890")));
        assertThat(root.get("floats")).isEqualTo(List.of(1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 6.02e23));
        assertThat(root.get("bools")).isEqualTo(List.of(true, false, true, false, true));
        assertThat(root).containsEntry("nothing", null);
        assertThat(root.get("dates")).isEqualTo(List.of(LocalDate.of(2024, 11, 11),
                LocalDateTime.of(2024, 11, 11, 8, 30), OffsetDateTime.parse("2024-11-11T08:30:00.5+02:00"),
                "2024-13-45"));
    }

    @Test
    void mergeKeysFillInWhatTheMappingDoesNotSay() {
        Map<String, Object> root = new YamlDocumentReader().read("""
                base: &base {owner: team, retries: 2}
                dag:
                  <<: *base
                  retries: 5
                """).root();
        assertThat(root.get("dag")).isEqualTo(Map.ofEntries(entry("owner", "team"), entry("retries", 5)));
    }

    @Test
    void pythonNameTagIsTheDottedPath() {
        assertThat(new YamlDocumentReader().read("f: !!python/name:my_pkg.mod.fn ''\n").root())
                .containsEntry("f", "my_pkg.mod.fn");
    }
}
