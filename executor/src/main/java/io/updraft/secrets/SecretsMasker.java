package io.updraft.secrets;

import io.updraft.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Airflow's secrets masker: replaces every known secret value by {@code ***} in text (task logs, error messages)
 * and in structures (rendered fields, XCom values, where a sensitive key name also hides its whole value). Secrets
 * are the values registered with {@link #add} (what a task reads from a connection or a sensitive variable, what
 * it registers itself) and those of the {@linkplain #addSource sources} (every stored connection password and
 * sensitive value). As in Airflow, values shorter than {@value #MIN_LENGTH} characters and {@code airflow} are not
 * masked. Beyond Airflow, a secret is also masked in its JSON-escaped form and line by line when it spans lines,
 * so it stays hidden in JSON-encoded output and in line-split logs. Process-wide and thread-safe.
 */
public final class SecretsMasker {

    public static final String REDACTED = "***";
    /** Airflow's {@code [logging] min_length_masked_secret} default. */
    public static final int MIN_LENGTH = 5;
    private static final Set<String> NEVER_MASKED = Set.of("airflow");
    private static final SecretsMasker GLOBAL = new SecretsMasker();

    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final List<Supplier<Set<String>>> sources = new CopyOnWriteArrayList<>();
    private volatile Compiled compiled = new Compiled(-1, Map.of(), null);
    private final java.util.concurrent.atomic.AtomicInteger registeredVersion =
            new java.util.concurrent.atomic.AtomicInteger();

    /** What the pattern was built from: the registered set's version and each source's set (by identity). */
    private record Compiled(int registeredVersion, Map<Supplier<Set<String>>, Set<String>> sourceSets,
            Pattern pattern) {
    }

    /** The process's masker. */
    public static SecretsMasker global() {
        return GLOBAL;
    }

    /**
     * Airflow's {@code mask_secret(secret, name)}: a string is masked (when {@code name} is null or sensitive); a
     * map's values are added under their keys, so only sensitive keys' values are masked; a collection's items
     * under the same name.
     */
    public void add(Object secret, String name) {
        if (secret instanceof Map<?, ?> map) {
            map.forEach((key, value) -> add(value, String.valueOf(key)));
        } else if (secret instanceof Collection<?> items) {
            items.forEach(item -> add(item, name));
        } else if (secret instanceof String text && (name == null || SensitiveNames.isSensitive(name))) {
            boolean added = false;
            for (String form : forms(text)) {
                added |= registered.add(form);
            }
            if (added) {
                registeredVersion.incrementAndGet();
            }
        }
    }

    /** Masks this value from now on. */
    public void add(String secret) {
        add(secret, null);
    }

    /**
     * A supplier of secret values, asked on each use: it should hand back the same set instance until its
     * secrets change (so the pattern is rebuilt only then). Values are adapted as {@link #add} does.
     */
    public void addSource(Supplier<Set<String>> source) {
        sources.add(source);
    }

    public void removeSource(Supplier<Set<String>> source) {
        sources.remove(source);
    }

    /** The text with every secret replaced by {@code ***}. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Pattern pattern = pattern();
        return pattern == null ? text : pattern.matcher(text).replaceAll(REDACTED);
    }

    /**
     * Airflow's {@code redact(item, name)}: a copy of a JSON-like value in which a sensitive name hides every string
     * under it, map keys name their values, and every string is {@linkplain #mask masked}.
     */
    public Object redact(Object item, String name) {
        if (name != null && SensitiveNames.isSensitive(name)) {
            return redactAll(item);
        }
        if (item instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key), redact(value, String.valueOf(key))));
            return copy;
        }
        if (item instanceof Collection<?> items) {
            List<Object> copy = new ArrayList<>(items.size());
            items.forEach(value -> copy.add(redact(value, null)));
            return copy;
        }
        return item instanceof String text ? mask(text) : item;
    }

    /** {@link #redact} of each entry under its key. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> redactFields(Map<String, ?> fields) {
        return (Map<String, Object>) redact(fields, null);
    }

    /**
     * A stored text value as Airflow's API shows it (a Variable's value, a connection's extra): {@code ***} under a
     * sensitive name; JSON with the values of sensitive keys hidden; otherwise the text masked. Text that needs no
     * change is returned as it is.
     */
    public String redactText(String text, String name) {
        if (text == null) {
            return null;
        }
        if (name != null && SensitiveNames.isSensitive(name)) {
            return REDACTED;
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                Object parsed = Json.read(text);
                Object redacted = redact(parsed, null);
                return redacted.equals(parsed) ? text : Json.write(redacted);
            } catch (IllegalArgumentException notJson) {
                // plain text
            }
        }
        return mask(text);
    }

    /** As Airflow's {@code _redact_all}: strings become {@code ***} at any depth, other scalars stay. */
    private static Object redactAll(Object item) {
        if (item instanceof String) {
            return REDACTED;
        }
        if (item instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key), redactAll(value)));
            return copy;
        }
        if (item instanceof Collection<?> items) {
            return items.stream().map(SecretsMasker::redactAll).toList();
        }
        return item;
    }

    /** The forms of a secret that are masked: itself, JSON-escaped, and each line of a multi-line value. */
    static Set<String> forms(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        if (secret == null || !maskable(secret)) {
            return forms;
        }
        forms.add(secret);
        String json = Json.write(secret);
        forms.add(json.substring(1, json.length() - 1));
        if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
            for (String line : secret.split("\\R")) {
                if (maskable(line)) {
                    forms.add(line);
                }
                if (maskable(line.strip())) {
                    forms.add(line.strip());
                }
            }
        }
        return forms;
    }

    private static boolean maskable(String value) {
        return value.length() >= MIN_LENGTH && !NEVER_MASKED.contains(value.toLowerCase(java.util.Locale.ROOT));
    }

    private Pattern pattern() {
        Compiled current = compiled;
        Map<Supplier<Set<String>>, Set<String>> sets = new IdentityHashMap<>();
        boolean changed = current.registeredVersion() != registeredVersion.get()
                || current.sourceSets().size() != sources.size();
        for (Supplier<Set<String>> source : sources) {
            Set<String> set = source.get();
            sets.put(source, set);
            changed |= current.sourceSets().get(source) != set;
        }
        if (!changed) {
            return current.pattern();
        }
        synchronized (this) {
            int version = registeredVersion.get();
            Set<String> all = new java.util.HashSet<>(registered);
            sets.values().forEach(set -> set.forEach(secret -> all.addAll(forms(secret))));
            Pattern pattern = all.isEmpty() ? null : Pattern.compile(String.join("|", all.stream()
                    .sorted(Comparator.comparingInt(String::length).reversed()).map(Pattern::quote).toList()));
            compiled = new Compiled(version, sets, pattern);
            return pattern;
        }
    }
}
