package io.updraft.plugins.ml;

/** Small text measures of a URL for {@link UrlFeatures}: host kinds, counts, entropy, and {@code ln(1 + x)}. */
final class UrlText {

    private static final double[] LOG1P = new double[4096];
    private static final double[] F_LOG_F = new double[4096];

    static {
        for (int i = 0; i < LOG1P.length; i++) {
            LOG1P[i] = Math.log1p(i);
            F_LOG_F[i] = i == 0 ? 0 : i * Math.log(i);
        }
    }

    private UrlText() {
    }

    static String registeredDomain(String host, boolean ip) {
        if (ip) {
            return host;
        }
        int last = host.lastIndexOf('.');
        if (last <= 0) {
            return host;
        }
        int second = host.lastIndexOf('.', last - 1);
        return second < 0 ? host : host.substring(second + 1);
    }

    static boolean containsTld(String s) {
        return s.contains(".com") || s.contains(".net") || s.contains(".org") || s.contains(".br")
                || s.contains(".de") || s.contains(".co.");
    }

    static boolean isIpHost(String host) {
        if (host.startsWith("[")) {
            return true;
        }
        if (host.startsWith("0x") && host.length() >= 8) {
            for (int i = 2; i < host.length(); i++) {
                if (!isHex(host.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3 || (dots == 0 && host.length() >= 8);
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static int countOf(String s, String needle) {
        int count = 0;
        int from = 0;
        while ((from = s.indexOf(needle, from)) >= 0) {
            count++;
            from += needle.length();
        }
        return count;
    }

    /** Shannon entropy in bits: log2(n) - (1/n) sum f log2 f, with f log f from a table. */
    static double entropy(int[] freq, int n) {
        if (n == 0) {
            return 0;
        }
        double sum = 0;
        for (int f : freq) {
            if (f > 0) {
                sum += f < F_LOG_F.length ? F_LOG_F[f] : f * Math.log(f);
            }
        }
        return (Math.log(n) - sum / n) / Math.log(2);
    }

    static double log1p(int x) {
        return x < LOG1P.length ? LOG1P[x] : Math.log1p(x);
    }
}
