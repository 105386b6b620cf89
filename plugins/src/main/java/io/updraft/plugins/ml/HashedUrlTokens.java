package io.updraft.plugins.ml;

import static io.updraft.plugins.ml.UrlText.log1p;

/** {@link UrlFeatures}' hashed part: n-grams and word tokens of a URL folded into a power-of-two number of buckets. */
final class HashedUrlTokens {

    private final int mask;

    /** @param hashBuckets a power of two */
    HashedUrlTokens(int hashBuckets) {
        this.mask = hashBuckets - 1;
    }

    /**
     * Adds the hashed features of a URL to {@code out} from {@code base} on: character 3- and 4-grams of the URL
     * without its scheme, word tokens of the host and of the rest (kept apart), and the TLD, as
     * {@code ln(1 + count)} per bucket.
     */
    void add(String lower, UrlParts parts, String host, String tld, double[] out, int base) {
        // character 3- and 4-grams of the URL without its scheme; counts first, ln(1 + count) at the end
        int start = parts.scheme().isEmpty() ? 0 : parts.scheme().length() + 3;
        int n = lower.length();
        int[] touched = new int[2 * Math.max(0, n - start) + n + 2];
        int t = 0;
        for (int i = start; i + 3 <= n; i++) {
            int h3 = ((lower.charAt(i) * 31 + lower.charAt(i + 1)) * 31 + lower.charAt(i + 2));
            int b = base + bucket(h3, 0x3);
            if (out[b]++ == 0) {
                touched[t++] = b;
            }
            if (i + 4 <= n) {
                b = base + bucket(h3 * 31 + lower.charAt(i + 3), 0x4);
                if (out[b]++ == 0) {
                    touched[t++] = b;
                }
            }
        }
        // word tokens of host and of the rest, kept apart
        t = tokens(host, 0, host.length(), 0x51, out, base, touched, t);
        t = tokens(lower, Math.min(n, start + parts.userInfo().length() + host.length()), n, 0x52, out, base,
                touched, t);
        int b = base + bucket(tld.hashCode(), 0x7);
        if (out[b]++ == 0) {
            touched[t++] = b;
        }
        for (int i = 0; i < t; i++) {
            int k = touched[i];
            out[k] = log1p((int) out[k]);
        }
    }

    private int tokens(String s, int from, int to, int seed, double[] out, int base, int[] touched, int t) {
        int h = 0;
        int len = 0;
        for (int i = from; i <= to; i++) {
            char c = i < to ? s.charAt(i) : '/';
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c > 127) {
                h = h * 31 + c;
                len++;
            } else if (len > 0) {
                int b = base + bucket(h, seed);
                if (out[b]++ == 0) {
                    touched[t++] = b;
                }
                h = 0;
                len = 0;
            }
        }
        return t;
    }

    private int bucket(int h, int seed) {
        int x = (h ^ (seed * 0x27d4eb2d)) * 0x9E3779B9;
        x ^= x >>> 15;
        x *= 0x85ebca6b;
        x ^= x >>> 13;
        return x & mask;
    }
}
