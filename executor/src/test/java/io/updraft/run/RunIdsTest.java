package io.updraft.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunIdsTest {

    @Test
    void isoformatIsPythonsWithMicrosecondsOnlyWhenNonZero() {
        assertThat(RunIds.isoformat(Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("2024-01-01T00:00:00+00:00");
        assertThat(RunIds.isoformat(Instant.parse("2024-03-05T07:08:09.000010Z")))
                .isEqualTo("2024-03-05T07:08:09.000010+00:00");
        assertThat(RunIds.isoformat(Instant.parse("0999-12-31T23:59:59.123456789Z")))
                .isEqualTo("0999-12-31T23:59:59.123456+00:00");
        assertThat(RunIds.pythonStr(Instant.parse("2024-01-01T00:00:00.5Z")))
                .isEqualTo("2024-01-01 00:00:00.500000+00:00");
    }

    @Test
    void isoformatAgreesWithJavasFormatterOnRandomInstants() {
        DateTimeFormatter seconds = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            // years 1..9999, as Python's datetime allows
            long second = -62_135_596_800L + (long) (random.nextDouble() * 315_537_897_599L);
            int micros = random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000);
            Instant instant = Instant.ofEpochSecond(second, micros * 1000L);
            String expected = seconds.format(instant.atOffset(ZoneOffset.UTC))
                    + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
            assertThat(RunIds.isoformat(instant)).as("%s", instant).isEqualTo(expected);
        }
    }

    @Test
    void runIdsWithoutLogicalDateGetARandomSuffix() {
        Instant after = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(RunIds.generate(RunType.MANUAL, after, after)).isEqualTo("manual__2024-01-01T00:00:00+00:00");
        assertThat(RunIds.generate(RunType.MANUAL, null, after)).matches("manual__2024-01-01T00:00:00\\+00:00_[A-Za-z0-9]{8}");
    }
}
