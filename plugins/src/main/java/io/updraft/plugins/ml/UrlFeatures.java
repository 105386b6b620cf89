package io.updraft.plugins.ml;

import static io.updraft.plugins.ml.UrlText.containsTld;
import static io.updraft.plugins.ml.UrlText.countOf;
import static io.updraft.plugins.ml.UrlText.entropy;
import static io.updraft.plugins.ml.UrlText.isHex;
import static io.updraft.plugins.ml.UrlText.isIpHost;
import static io.updraft.plugins.ml.UrlText.log1p;
import static io.updraft.plugins.ml.UrlText.registeredDomain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Lexical features of a raw URL string (no network, no page content), followed by hashed character 3- and 4-grams,
 * host and path word tokens and the TLD, folded into a fixed number of buckets.
 *
 * <p>Counts and lengths are given as {@code ln(1 + x)} so that one vector suits trees and linear models alike;
 * ratios are in [0, 1]. The vector is a pure function of the URL and {@link #hashBuckets()}: the names returned
 * by {@link #names()} are stable, so a trained model can be applied to features extracted later.
 *
 * <p>Instances are immutable and thread-safe; {@link #extract(String, double[])} allocates little and, with the
 * default 256 buckets, runs at about 180,000 URLs per second on one core of the development machine (see
 * {@link UrlFeatureBenchmark}).
 */
public final class UrlFeatures {

    public static final int DEFAULT_HASH_BUCKETS = 256;

    private static final char[] SPECIAL = {'.', '-', '@', '?', '&', '=', '_', '~', '%', '/', '*', ':', ',', ';',
        '$', ' ', '!', '+', '#', '\'', '"', '|'};
    private static final String[] SPECIAL_NAMES = {"dot", "hyphen", "at", "qmark", "amp", "eq", "underscore",
        "tilde", "percent", "slash", "star", "colon", "comma", "semicolon", "dollar", "space", "excl", "plus",
        "hash", "apos", "quote", "pipe"};

    static final List<String> SUSPICIOUS_WORDS = List.of("login", "logon", "signin", "sign-in", "verif", "account",
            "update", "secure", "security", "banking", "confirm", "webscr", "password", "passwd", "wp-", "admin",
            "includes", "suspend", "unlock", "billing", "invoice", "support", "service", "recover", "auth",
            "session", "validat", "wallet", "dropbox", "docs", "free", "lucky", "bonus", "mail", "office", "outlook");
    static final List<String> BRANDS = List.of("paypal", "apple", "icloud", "microsoft", "office365", "outlook",
            "amazon", "google", "facebook", "instagram", "ebay", "netflix", "chase", "wellsfargo", "bankofamerica",
            "dropbox", "adobe", "linkedin", "whatsapp", "yahoo", "alibaba", "dhl", "fedex", "usps", "steam",
            "coinbase", "blockchain", "santander", "hsbc", "itau", "bradesco", "orange", "live");
    static final Set<String> SHORTENERS = Set.of("bit.ly", "goo.gl", "tinyurl.com", "ow.ly", "t.co", "is.gd",
            "buff.ly", "adf.ly", "bitly.com", "cutt.ly", "rb.gy", "shorturl.at", "tiny.cc", "tr.im", "v.gd",
            "x.co", "qr.net", "1url.com", "bl.ink", "rebrand.ly", "snip.ly", "soo.gd", "s.id", "t.ly", "shorte.st",
            "bc.vc", "u.to", "j.mp", "clck.ru", "db.tt", "lnkd.in", "po.st", "mcaf.ee", "su.pr", "cli.gs",
            "yourls.org", "tinylink.in", "qrco.de", "short.io", "2.gp", "ity.im", "bit.do", "shrtco.de");
    static final Set<String> SUSPICIOUS_TLDS = Set.of("tk", "ml", "ga", "cf", "gq", "xyz", "top", "club", "online",
            "site", "info", "live", "work", "buzz", "icu", "cn", "ru", "su", "pw", "cc", "ws", "biz", "zip",
            "review", "country", "kim", "science", "party", "gdn", "men", "loan", "download", "racing", "win",
            "stream", "bid", "trade", "date", "faith", "accountant", "cricket", "link", "host", "space", "website");
    static final Set<String> COMMON_TLDS = Set.of("com", "org", "net", "edu", "gov", "io", "de", "uk", "fr", "jp",
            "it", "nl", "ca", "au", "es", "ch", "se", "us", "mil", "int");
    private static final String[] EXTENSIONS = {".php", ".html", ".htm", ".asp", ".aspx", ".jsp", ".exe", ".js",
        ".zip", ".cgi"};

    private static final WordMatcher SUSPICIOUS_MATCHER = new WordMatcher(SUSPICIOUS_WORDS);
    private static final WordMatcher BRAND_MATCHER = new WordMatcher(BRANDS);
    private static final List<String> LEXICAL_NAMES;
    private static final int[] SPECIAL_INDEX = new int[128];

    static {
        List<String> names = new ArrayList<>();
        names.addAll(List.of("url_length", "host_length", "path_length", "query_length", "fragment_length",
                "userinfo_length"));
        for (String s : SPECIAL_NAMES) {
            names.add("count_" + s);
        }
        names.addAll(List.of("count_digits", "count_upper", "count_non_ascii", "ratio_digits_url",
                "ratio_digits_host", "ratio_upper", "ratio_special", "entropy_url", "entropy_host", "ip_host",
                "https", "has_scheme", "count_www", "count_com", "double_slash_in_path", "http_in_path",
                "https_token_in_host", "punycode", "explicit_port", "shortener", "tld_length", "tld_suspicious",
                "tld_common", "subdomain_depth", "host_labels", "host_hyphens", "host_digits", "longest_host_label",
                "max_consonant_run_host", "path_depth", "path_extension", "path_ends_slash", "query_params",
                "suspicious_words", "brand_in_subdomain", "brand_in_path", "brand_in_registered_domain",
                "tld_in_path", "tld_in_subdomain", "word_count", "longest_word", "shortest_word_host",
                "avg_word_length", "max_char_repeat", "percent_encoded", "longest_hex_run", "host_vowel_ratio"));
        LEXICAL_NAMES = Collections.unmodifiableList(names);
        Arrays.fill(SPECIAL_INDEX, -1);
        for (int i = 0; i < SPECIAL.length; i++) {
            SPECIAL_INDEX[SPECIAL[i]] = i;
        }
    }

    private final int hashBuckets;
    private final HashedUrlTokens hashed;
    private final List<String> names;

    public UrlFeatures() {
        this(DEFAULT_HASH_BUCKETS);
    }

    /** @param hashBuckets number of hashed n-gram/token buckets: a power of two, 0 for lexical features only */
    public UrlFeatures(int hashBuckets) {
        if (hashBuckets < 0 || (hashBuckets & (hashBuckets - 1)) != 0) {
            throw new IllegalArgumentException("hashBuckets must be 0 or a power of two, not " + hashBuckets);
        }
        this.hashBuckets = hashBuckets;
        this.hashed = new HashedUrlTokens(hashBuckets);
        List<String> all = new ArrayList<>(LEXICAL_NAMES.size() + hashBuckets);
        for (String n : LEXICAL_NAMES) {
            all.add("lex." + n);
        }
        int width = Integer.toString(Math.max(1, hashBuckets - 1)).length();
        for (int i = 0; i < hashBuckets; i++) {
            all.add("hash." + String.format("%0" + width + "d", i));
        }
        this.names = Collections.unmodifiableList(all);
    }

    public int hashBuckets() {
        return hashBuckets;
    }

    public int dimension() {
        return names.size();
    }

    public static int lexicalCount() {
        return LEXICAL_NAMES.size();
    }

    /** Lexical feature names without the {@code lex.} prefix, in vector order. */
    public static List<String> lexicalNames() {
        return LEXICAL_NAMES;
    }

    /** All feature names in vector order: {@code lex.*} then {@code hash.NNNN}. */
    public List<String> names() {
        return names;
    }

    public double[] extract(String url) {
        double[] out = new double[dimension()];
        extract(url, out);
        return out;
    }

    /** Overwrites {@code out} (length {@link #dimension()}) with the features of {@code url}. */
    public void extract(String url, double[] out) {
        if (out.length != dimension()) {
            throw new IllegalArgumentException("out has length " + out.length + ", expected " + dimension());
        }
        Arrays.fill(out, 0.0);
        UrlParts parts = UrlParts.parse(url);
        if (parts == null) {
            parts = new UrlParts("", "", "", "", url == null ? "" : url, "", "");
        }
        String u = url == null ? "" : url;
        String lower = u.toLowerCase(java.util.Locale.ROOT);
        String host = parts.host();
        int n = u.length();
        int k = 0;
        out[k++] = log1p(n);
        out[k++] = log1p(host.length());
        out[k++] = log1p(parts.path().length());
        out[k++] = log1p(parts.query().length());
        out[k++] = log1p(parts.fragment().length());
        out[k++] = log1p(parts.userInfo().length());

        int[] special = new int[SPECIAL.length];
        int[] freq = new int[129];
        int digits = 0;
        int upper = 0;
        int nonAscii = 0;
        int specialTotal = 0;
        int maxRepeat = n > 0 ? 1 : 0;
        int repeat = 0;
        int percentEncoded = 0;
        int hexRun = 0;
        int longestHexRun = 0;
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = u.charAt(i);
            freq[c < 128 ? c : 128]++;
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c >= 'A' && c <= 'Z') {
                upper++;
            } else if (c > 127) {
                nonAscii++;
            } else if (!(c >= 'a' && c <= 'z')) {
                int s = c < 128 ? SPECIAL_INDEX[c] : -1;
                if (s >= 0) {
                    special[s]++;
                }
                specialTotal++;
                if (c == '%' && i + 2 < n && isHex(u.charAt(i + 1)) && isHex(u.charAt(i + 2))) {
                    percentEncoded++;
                }
            }
            repeat = i > 0 && c == prev ? repeat + 1 : 1;
            maxRepeat = Math.max(maxRepeat, repeat);
            hexRun = isHex(c) ? hexRun + 1 : 0;
            longestHexRun = Math.max(longestHexRun, hexRun);
            prev = c;
        }
        for (int s = 0; s < SPECIAL.length; s++) {
            out[k++] = log1p(special[s]);
        }
        out[k++] = log1p(digits);
        out[k++] = log1p(upper);
        out[k++] = log1p(nonAscii);
        out[k++] = n == 0 ? 0 : (double) digits / n;
        int hostDigits = 0;
        int hostHyphens = 0;
        int vowels = 0;
        int letters = 0;
        int consonantRun = 0;
        int maxConsonantRun = 0;
        int[] hostFreq = new int[129];
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            hostFreq[c < 128 ? c : 128]++;
            if (c >= '0' && c <= '9') {
                hostDigits++;
                consonantRun = 0;
            } else if (c == '-') {
                hostHyphens++;
                consonantRun = 0;
            } else if (c >= 'a' && c <= 'z') {
                letters++;
                if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y') {
                    vowels++;
                    consonantRun = 0;
                } else {
                    consonantRun++;
                    maxConsonantRun = Math.max(maxConsonantRun, consonantRun);
                }
            } else {
                consonantRun = 0;
            }
        }
        out[k++] = host.isEmpty() ? 0 : (double) hostDigits / host.length();
        out[k++] = n == 0 ? 0 : (double) upper / n;
        out[k++] = n == 0 ? 0 : (double) specialTotal / n;
        out[k++] = entropy(freq, n);
        out[k++] = entropy(hostFreq, host.length());
        boolean ip = isIpHost(host);
        out[k++] = ip ? 1 : 0;
        out[k++] = "https".equals(parts.scheme()) ? 1 : 0;
        out[k++] = parts.scheme().isEmpty() ? 0 : 1;
        out[k++] = log1p(countOf(lower, "www"));
        out[k++] = log1p(countOf(lower, ".com"));
        String pathAndQuery = parts.path() + (parts.query().isEmpty() ? "" : "?" + parts.query());
        String lowerPathAndQuery = pathAndQuery.toLowerCase(java.util.Locale.ROOT);
        out[k++] = pathAndQuery.contains("//") ? 1 : 0;
        out[k++] = lowerPathAndQuery.contains("http") ? 1 : 0;
        out[k++] = host.contains("https") ? 1 : 0;
        out[k++] = host.startsWith("xn--") || host.contains(".xn--") ? 1 : 0;
        out[k++] = parts.port().isEmpty() ? 0 : 1;
        String bareHost = host.startsWith("www.") ? host.substring(4) : host;
        out[k++] = SHORTENERS.contains(bareHost) ? 1 : 0;

        int lastDot = host.lastIndexOf('.');
        String tld = lastDot >= 0 ? host.substring(lastDot + 1) : "";
        out[k++] = log1p(tld.length());
        out[k++] = SUSPICIOUS_TLDS.contains(tld) ? 1 : 0;
        out[k++] = COMMON_TLDS.contains(tld) ? 1 : 0;
        int labels = host.isEmpty() ? 0 : 1;
        int longestLabel = 0;
        int label = 0;
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) == '.') {
                labels++;
                label = 0;
            } else {
                label++;
                longestLabel = Math.max(longestLabel, label);
            }
        }
        int subdomainDepth = ip ? 0 : Math.max(0, labels - 2);
        out[k++] = subdomainDepth;
        out[k++] = log1p(labels);
        out[k++] = log1p(hostHyphens);
        out[k++] = log1p(hostDigits);
        out[k++] = log1p(longestLabel);
        out[k++] = log1p(maxConsonantRun);

        String path = parts.path();
        int pathDepth = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                pathDepth++;
            }
        }
        out[k++] = log1p(pathDepth);
        String lowerPath = path.toLowerCase(java.util.Locale.ROOT);
        int extension = 0;
        for (int e = 0; e < EXTENSIONS.length; e++) {
            if (lowerPath.endsWith(EXTENSIONS[e])) {
                extension = e + 1;
                break;
            }
        }
        out[k++] = extension == 0 ? 0 : 1;
        out[k++] = path.endsWith("/") ? 1 : 0;
        int params = 0;
        String query = parts.query();
        if (!query.isEmpty()) {
            params = 1;
            for (int i = 0; i < query.length(); i++) {
                if (query.charAt(i) == '&') {
                    params++;
                }
            }
        }
        out[k++] = log1p(params);
        out[k++] = log1p(Long.bitCount(SUSPICIOUS_MATCHER.matches(lower, 0, n)));
        String registered = registeredDomain(host, ip);
        String subdomain = host.length() > registered.length() ? host.substring(0, host.length() - registered.length()) : "";
        out[k++] = BRAND_MATCHER.matches(subdomain, 0, subdomain.length()) != 0 ? 1 : 0;
        out[k++] = BRAND_MATCHER.matches(lowerPathAndQuery, 0, lowerPathAndQuery.length()) != 0 ? 1 : 0;
        out[k++] = BRAND_MATCHER.matches(registered, 0, registered.length()) != 0 ? 1 : 0;
        out[k++] = containsTld(lowerPathAndQuery) ? 1 : 0;
        out[k++] = containsTld(subdomain) ? 1 : 0;

        // words: maximal runs of letters/digits in the whole URL
        int words = 0;
        int longestWord = 0;
        int wordChars = 0;
        int run = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? lower.charAt(i) : '/';
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                run++;
            } else if (run > 0) {
                words++;
                wordChars += run;
                longestWord = Math.max(longestWord, run);
                run = 0;
            }
        }
        int shortestHostWord = 0;
        run = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                run++;
            } else if (run > 0) {
                shortestHostWord = shortestHostWord == 0 ? run : Math.min(shortestHostWord, run);
                run = 0;
            }
        }
        out[k++] = log1p(words);
        out[k++] = log1p(longestWord);
        out[k++] = log1p(shortestHostWord);
        out[k++] = words == 0 ? 0 : Math.log1p((double) wordChars / words);
        out[k++] = log1p(maxRepeat);
        out[k++] = log1p(percentEncoded);
        out[k++] = log1p(longestHexRun);
        out[k++] = letters == 0 ? 0 : (double) vowels / letters;
        assert k == LEXICAL_NAMES.size();

        if (hashBuckets > 0) {
            hashed.add(lower, parts, host, tld, out, k);
        }
    }
}
