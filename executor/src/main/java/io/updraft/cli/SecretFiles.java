package io.updraft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.updraft.UpdraftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files {@code variables|connections|pools import} read and {@code export} write, as Airflow's
 * {@code airflow.secrets.local_filesystem}: JSON, YAML or {@code .env} (KEY=VALUE lines), chosen by the extension;
 * {@code -} is standard output.
 */
final class SecretFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private SecretFiles() {
    }

    /** A file that cannot be read as it should: the message names the file (and the line where known). */
    static final class BadFile extends UpdraftException {
        BadFile(String message) {
            super(message);
        }
    }

    /**
     * The file's top-level mapping. In a {@code .env} file a key given more than once maps to the list of its values.
     *
     * @throws BadFile for an unknown extension, a syntax error or a top level that is not a mapping
     */
    static Map<String, Object> read(Path file) {
        String extension = extension(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return switch (extension) {
            case "env" -> readEnv(file, text);
            case "json" -> mapping(file, parse(file, JSON, text));
            case "yaml", "yml" -> text.isBlank() ? new LinkedHashMap<>() : mapping(file, parse(file, YAML, text));
            default -> throw new BadFile("Unsupported file format. The file must have one of the following "
                    + "extensions: .env .json .yaml .yml (" + file + ")");
        };
    }

    static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static Object parse(Path file, ObjectMapper mapper, String text) {
        try {
            return mapper.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw new BadFile(file + where + ": " + e.getOriginalMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Path file, Object parsed) {
        if (!(parsed instanceof Map)) {
            throw new BadFile(file + ": the file must hold a mapping of keys to values at its top level");
        }
        return (Map<String, Object>) parsed;
    }

    private static Map<String, Object> readEnv(Path file, String text) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            if (line.isEmpty() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                errors.add(file + ":" + number + ": Invalid line format. The line should contain at least one "
                        + "equal sign (\"=\").");
            } else if (line.substring(0, eq).isBlank()) {
                errors.add(file + ":" + number + ": Invalid line format. Key is empty.");
            } else {
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                values.merge(key, value, (old, added) -> {
                    List<Object> all = old instanceof List<?> list ? new ArrayList<>(list)
                            : new ArrayList<>(List.of(old));
                    all.add(added);
                    return all;
                });
            }
        }
        if (!errors.isEmpty()) {
            throw new BadFile(String.join("\n", errors));
        }
        return values;
    }

    /** JSON as Python's {@code json.dumps(value, sort_keys=True, indent=indent)}. */
    static String json(Object value, int indent) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter(" ".repeat(indent), "\n"))
                .withArrayIndenter(new DefaultIndenter(" ".repeat(indent), "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Writes the text to the file, or to standard output for {@code -}. */
    static void write(String file, String text) {
        if (file.equals("-")) {
            System.out.println(text);
            return;
        }
        try {
            Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Airflow's {@code print_export_output}: the count on stderr after standard output, else on stdout. */
    static void printExported(String what, int count, String file) {
        if (file.equals("-")) {
            System.err.println("\n" + count + " " + what + " successfully exported.");
        } else {
            System.out.println(count + " " + what + " successfully exported to " + file + ".");
        }
    }
}
