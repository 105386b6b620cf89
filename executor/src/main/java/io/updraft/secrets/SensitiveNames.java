package io.updraft.secrets;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Airflow's {@code should_hide_value_for_key}: a Variable key or a key in a connection's extra is sensitive when,
 * lower-cased with every run of non-word characters made {@code _}, it contains one of the sensitive words
 * (Airflow 3.3's DEFAULT_SENSITIVE_FIELDS, plus those of {@code UPDRAFT_SENSITIVE_VAR_CONN_NAMES}, a comma list as
 * Airflow's {@code [core] sensitive_var_conn_names}). Immutable.
 */
public final class SensitiveNames {

    /** Airflow 3.3's DEFAULT_SENSITIVE_FIELDS ({@code airflow/_shared/secrets_masker/secrets_masker.py}). */
    static final Set<String> AIRFLOW_DEFAULTS = Set.of("access_key", "access_token", "api_key", "apikey",
            "auth_header", "authorization", "bearer", "connection_string", "dsn", "passphrase", "passwd", "password",
            "private_key", "proxy", "proxy_password", "proxies", "secret", "service_account", "service_key", "token",
            "keyfile_dict", "webhook_url");

    public static final String ENVIRONMENT_VARIABLE = "UPDRAFT_SENSITIVE_VAR_CONN_NAMES";

    private static final Pattern NON_WORD = Pattern.compile("\\W+");
    private static volatile SensitiveNames current = fromEnvironment(System.getenv());

    private final Set<String> words;

    private SensitiveNames(Set<String> words) {
        this.words = Set.copyOf(words);
    }

    /** Airflow's defaults plus the comma-separated words of {@value #ENVIRONMENT_VARIABLE}. */
    public static SensitiveNames fromEnvironment(Map<String, String> environment) {
        Set<String> words = new TreeSet<>(AIRFLOW_DEFAULTS);
        String extra = environment.get(ENVIRONMENT_VARIABLE);
        if (extra != null) {
            Arrays.stream(extra.split(",")).map(w -> w.strip().toLowerCase(Locale.ROOT)).filter(w -> !w.isEmpty())
                    .forEach(words::add);
        }
        return new SensitiveNames(words);
    }

    /** The process's words (set once at start from the environment). */
    public static SensitiveNames current() {
        return current;
    }

    public static void use(SensitiveNames names) {
        current = names;
    }

    public static boolean isSensitive(String name) {
        return current.hides(name);
    }

    public boolean hides(String name) {
        if (name == null) {
            return false;
        }
        String normalized = NON_WORD.matcher(name.strip().toLowerCase(Locale.ROOT)).replaceAll("_");
        for (String word : words) {
            if (normalized.contains(word)) {
                return true;
            }
        }
        return false;
    }

    public Set<String> words() {
        return words;
    }
}
