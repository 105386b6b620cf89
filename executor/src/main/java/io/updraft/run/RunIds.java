package io.updraft.run;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Airflow's run ids ({@code DagRun.generate_run_id}) and its ISO date text. */
public final class RunIds {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    /**
     * {@code <run_type>__<iso(run_after)>}, plus {@code _<8 random characters>} for runs without a logical date
     * (Airflow 3).
     */
    public static String generate(RunType runType, Instant logicalDate, Instant runAfter) {
        String id = runType.value() + "__" + isoformat(runAfter);
        if (logicalDate == null) {
            StringBuilder suffix = new StringBuilder("_");
            for (int i = 0; i < 8; i++) {
                suffix.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
            }
            id += suffix;
        }
        return id;
    }

    /** Python's {@code str()} of a UTC datetime: isoformat with a space ("2024-01-01 00:00:00+00:00"). */
    public static String pythonStr(Instant instant) {
        return isoformat(instant).replace('T', ' ');
    }

    /** Python's {@code datetime.isoformat()} of a UTC instant: microseconds only when non-zero. */
    public static String isoformat(Instant instant) {
        String text = SECONDS.format(instant.atOffset(ZoneOffset.UTC));
        int micros = instant.getNano() / 1000;
        return micros == 0 ? text + "+00:00" : text + String.format(".%06d+00:00", micros);
    }
}
