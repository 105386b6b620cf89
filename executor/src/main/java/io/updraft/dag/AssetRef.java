package io.updraft.dag;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An Airflow 3 asset as a DAG file names it ({@code airflow.sdk.Asset}): name and URI, each defaulting to the other,
 * group {@code asset} unless given, and {@code extra}. The URI is normalized as Airflow's {@code _sanitize_uri}
 * does (scheme lowercased, trailing slashes, fragment and user info dropped, query sorted), so that two spellings of
 * one asset are one asset.
 */
public record AssetRef(String name, String uri, String group, Map<String, Object> extra) {

    public static final String DEFAULT_GROUP = "asset";

    public AssetRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        group = group == null || group.isEmpty() ? DEFAULT_GROUP : group;
        extra = extra == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extra));
    }

    /**
     * @param name null to take the URI
     * @param uri null to take the name
     * @throws IllegalArgumentException as Airflow refuses it: neither given, blank, over 1,500 characters, or the
     *     reserved scheme {@code airflow}
     */
    public static AssetRef of(String name, String uri, String group, Map<String, Object> extra) {
        if (name == null && uri == null) {
            throw new IllegalArgumentException("an asset needs a name or a uri");
        }
        String checkedName = identifier(name == null ? uri : name, "name");
        String checkedUri = normalize(identifier(uri == null ? name : uri, "uri"));
        return new AssetRef(checkedName, checkedUri, group, extra);
    }

    public static AssetRef ofUri(String uri) {
        return of(null, uri, null, null);
    }

    private static String identifier(String value, String what) {
        if (value.length() > 1500) {
            throw new IllegalArgumentException("asset " + what + " cannot exceed 1500 characters");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("asset " + what + " cannot be just whitespace");
        }
        return value;
    }

    /** Airflow's {@code _sanitize_uri} without the per-scheme normalizers of providers. */
    static String normalize(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return uri; // does not look like a URI: Airflow keeps it as it is
        }
        if (parsed.getScheme() == null && parsed.getRawAuthority() == null) {
            return uri;
        }
        String scheme = parsed.getScheme() == null ? null : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || scheme.startsWith("x-")) {
            return uri;
        }
        if (scheme.equals("airflow")) {
            throw new IllegalArgumentException("Asset scheme 'airflow' is reserved");
        }
        if (parsed.isOpaque()) {
            return scheme + ":" + parsed.getRawSchemeSpecificPart();
        }
        String authority = parsed.getRawAuthority() == null ? "" : parsed.getRawAuthority();
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        String path = parsed.getRawPath() == null ? "" : parsed.getRawPath().replaceAll("/+$", "");
        if (path.isEmpty()) {
            path = "/";
        }
        String query = sortedQuery(parsed.getRawQuery());
        return scheme + "://" + authority + path + (query.isEmpty() ? "" : "?" + query);
    }

    private static String sortedQuery(String query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        TreeMap<String, java.util.List<String>> pairs = new TreeMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            pairs.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(eq < 0 ? "" : pair.substring(eq + 1));
        }
        StringBuilder out = new StringBuilder();
        pairs.forEach((key, values) -> values.stream().sorted().forEach(value -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(key).append('=').append(value);
        }));
        return out.toString();
    }

    /** The unique key of an asset in the store, as Airflow's (name, uri). */
    public String key() {
        return name + "\u0000" + uri;
    }
}
