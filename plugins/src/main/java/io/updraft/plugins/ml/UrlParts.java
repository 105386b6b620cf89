package io.updraft.plugins.ml;

/**
 * A raw URL string split into scheme, user info, host, port, path, query and fragment by index arithmetic only
 * (no regex, no {@link java.net.URI}, which rejects many real phishing URLs). Lenient: a URL without a scheme is
 * read as {@code host/path}.
 *
 * @param scheme lower-case scheme, empty when there is none
 * @param port the explicit port text, empty when there is none
 */
public record UrlParts(String scheme, String userInfo, String host, String port, String path, String query,
        String fragment) {

    /** Splits {@code url}, or returns null when it has no host (empty, blank, or only a scheme). */
    public static UrlParts parse(String url) {
        if (url == null) {
            return null;
        }
        int n = url.length();
        int start = 0;
        String scheme = "";
        int colon = url.indexOf("://");
        if (colon > 0 && isScheme(url, colon)) {
            scheme = url.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
            start = colon + 3;
        }
        int authorityEnd = n;
        for (int i = start; i < n; i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                authorityEnd = i;
                break;
            }
        }
        String authority = url.substring(start, authorityEnd);
        String userInfo = "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
        }
        String host = authority;
        String port = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close > 0) {
                host = authority.substring(0, close + 1);
                if (close + 1 < authority.length() && authority.charAt(close + 1) == ':') {
                    port = authority.substring(close + 2);
                }
            }
        } else {
            int p = authority.lastIndexOf(':');
            if (p >= 0) {
                host = authority.substring(0, p);
                port = authority.substring(p + 1);
            }
        }
        if (host.isEmpty() || host.isBlank()) {
            return null;
        }
        int queryStart = -1;
        int fragmentStart = -1;
        for (int i = authorityEnd; i < n; i++) {
            char c = url.charAt(i);
            if (c == '?' && queryStart < 0 && fragmentStart < 0) {
                queryStart = i;
            } else if (c == '#' && fragmentStart < 0) {
                fragmentStart = i;
                break;
            }
        }
        int pathEnd = queryStart >= 0 ? queryStart : fragmentStart >= 0 ? fragmentStart : n;
        String path = url.substring(authorityEnd, pathEnd);
        String query = queryStart >= 0 ? url.substring(queryStart + 1, fragmentStart >= 0 ? fragmentStart : n) : "";
        String fragment = fragmentStart >= 0 ? url.substring(fragmentStart + 1) : "";
        return new UrlParts(scheme, userInfo, host.toLowerCase(java.util.Locale.ROOT), port, path, query, fragment);
    }

    private static boolean isScheme(String url, int end) {
        if (!Character.isLetter(url.charAt(0))) {
            return false;
        }
        for (int i = 1; i < end; i++) {
            char c = url.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** True when the port is a number in 1..65535. */
    public boolean hasValidPortOrNone() {
        if (port.isEmpty()) {
            return true;
        }
        if (port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (!Character.isDigit(port.charAt(i))) {
                return false;
            }
        }
        int value = Integer.parseInt(port);
        return value >= 1 && value <= 65535;
    }
}
