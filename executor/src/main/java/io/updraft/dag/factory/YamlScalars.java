package io.updraft.dag.factory;

import java.math.BigInteger;
import java.util.Locale;

/**
 * YAML 1.1 scalar values as PyYAML and SnakeYAML read them: ints in any base ({@code 0x1F}, {@code 0o17} as
 * {@code 017}, {@code 0b101}, {@code 1_000}, {@code 1:30} sexagesimal), floats with {@code .inf} / {@code .nan},
 * booleans yes/no/on/off/true/false. Only called for scalars the resolver already tagged with that type.
 */
final class YamlScalars {

    private YamlScalars() {
    }

    static boolean bool(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.equals("true") || lower.equals("yes") || lower.equals("on");
    }

    static Number integer(String text) {
        String value = text.replace("_", "");
        int sign = 1;
        if (value.startsWith("-") || value.startsWith("+")) {
            sign = value.startsWith("-") ? -1 : 1;
            value = value.substring(1);
        }
        if (value.contains(":")) {
            long total = 0;
            for (String digit : value.split(":")) {
                total = total * 60 + Long.parseLong(digit);
            }
            return narrow(BigInteger.valueOf(sign * total));
        }
        int radix = 10;
        if (value.startsWith("0b")) {
            radix = 2;
            value = value.substring(2);
        } else if (value.startsWith("0x")) {
            radix = 16;
            value = value.substring(2);
        } else if (value.startsWith("0o")) {
            radix = 8;
            value = value.substring(2);
        } else if (value.startsWith("0") && value.length() > 1) {
            radix = 8;
            value = value.substring(1);
        }
        BigInteger number = new BigInteger(value, radix);
        return narrow(sign < 0 ? number.negate() : number);
    }

    static Double floating(String text) {
        String value = text.replace("_", "").toLowerCase(Locale.ROOT);
        int sign = value.startsWith("-") ? -1 : 1;
        String unsigned = value.startsWith("-") || value.startsWith("+") ? value.substring(1) : value;
        if (unsigned.equals(".inf")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals(".nan")) {
            return Double.NaN;
        }
        if (unsigned.contains(":")) {
            double total = 0;
            for (String digit : unsigned.split(":")) {
                total = total * 60 + Double.parseDouble(digit);
            }
            return sign * total;
        }
        return Double.valueOf(value);
    }

    /** The smallest of Integer, Long, BigInteger that holds the value, as SnakeYAML returns. */
    private static Number narrow(BigInteger number) {
        if (number.bitLength() < Integer.SIZE) {
            return number.intValue();
        }
        return number.bitLength() < Long.SIZE ? number.longValue() : number;
    }
}
