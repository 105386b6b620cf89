package io.updraft.run;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Airflow's run ids ({@code DagRun.generate_run_id}) and its ISO date text. */
public final class RunIds {

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
        // by hand: every date of every API response passes here, and a formatter costs several times more
        LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(32);
        pad(text, time.getYear(), 4).append('-');
        pad(text, time.getMonthValue(), 2).append('-');
        pad(text, time.getDayOfMonth(), 2).append('T');
        pad(text, time.getHour(), 2).append(':');
        pad(text, time.getMinute(), 2).append(':');
        pad(text, time.getSecond(), 2);
        int micros = instant.getNano() / 1000;
        if (micros != 0) {
            pad(text.append('.'), micros, 6);
        }
        return text.append("+00:00").toString();
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
