package io.updraft.dag.factory;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML text into plain Java values (maps, lists, strings, numbers, booleans, {@link LocalDate} /
 * {@link LocalDateTime} / {@link java.time.OffsetDateTime}) the way PyYAML's loader does for dag-factory, keeping the
 * composed nodes for error positions. Rejects duplicate keys and tags dag-factory 1.x no longer understands.
 * Stateless: safe to share between threads.
 */
final class YamlDocumentReader {

    private static final String PYTHON_NAME_TAG = "tag:yaml.org,2002:python/name:";
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[Tt]|[ \\t]+)(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d*))?"
                    + "(?:[ \\t]*(Z|[-+]\\d{1,2}(?::?\\d{2})?))?");

    /** Shared: the resolver only reads its tables once built, and the options are never changed. */
    private static final LoaderOptions OPTIONS = loaderOptions();
    private static final Resolver RESOLVER = new Resolver();

    /** SnakeYAML refuses global tags unless told; {@code !!python/name:} is the one dag-factory documents. */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setTagInspector(tag -> tag.getValue().startsWith(PYTHON_NAME_TAG));
        // the file's size is checked before it is read (DagFileText); aliases and nesting keep SnakeYAML's limits
        options.setCodePointLimit(Integer.MAX_VALUE);
        return options;
    }

    /** @throws YamlSyntaxException when the text is not valid YAML or its top level is not a mapping */
    YamlDocument read(String text) {
        Node root;
        try {
            // the Composer alone: a Yaml facade per file costs more than parsing a small file
            root = new Composer(new ParserImpl(new StreamReader(text), OPTIONS), RESOLVER, OPTIONS).getSingleNode();
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() == null ? "" : e.getContext() + ": ";
            throw new YamlSyntaxException("invalid YAML: " + context + problem,
                    mark == null ? null : mark.getLine() + 1, mark == null ? null : mark.getColumn() + 1);
        } catch (YAMLException e) {
            throw HostileYaml.locate(text, e, OPTIONS);
        }
        if (root == null) {
            return new YamlDocument(Map.of(), new SourcePositions(null), true);
        }
        if (!(root instanceof MappingNode)) {
            // a list or a scalar: a data file, not a mapping of dag_id to DAG config
            return new YamlDocument(Map.of(), new SourcePositions(null), false);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) value(root);
        return new YamlDocument(values, new SourcePositions(root), true);
    }

    private Object value(Node node) {
        if (!(node instanceof ScalarNode) && !node.getTag().equals(Tag.MAP) && !node.getTag().equals(Tag.SEQ)) {
            throw unsupportedTag(node);
        }
        if (node instanceof MappingNode mapping) {
            return mapping(mapping);
        }
        if (node instanceof SequenceNode sequence) {
            List<Object> items = new ArrayList<>(sequence.getValue().size());
            sequence.getValue().forEach(item -> items.add(value(item)));
            return items;
        }
        return scalar((ScalarNode) node);
    }

    private Map<String, Object> mapping(MappingNode node) {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> merged = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            if (tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
                mergeInto(merged, tuple.getValueNode());
                continue;
            }
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw syntaxError(tuple.getKeyNode(), "mapping keys must be plain scalars");
            }
            String key = keyNode.getValue();
            if (result.containsKey(key)) {
                throw syntaxError(keyNode, "duplicate key '" + key + "'");
            }
            result.put(key, value(tuple.getValueNode()));
        }
        // YAML merge keys ("<<: *anchor"): explicit keys win over merged ones
        merged.forEach(result::putIfAbsent);
        return result;
    }

    private void mergeInto(Map<String, Object> merged, Node source) {
        if (source instanceof MappingNode mapping) {
            mapping(mapping).forEach(merged::putIfAbsent);
        } else if (source instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> mergeInto(merged, item));
        } else {
            throw syntaxError(source, "a merge key '<<' needs a mapping or a list of mappings");
        }
    }

    private Object scalar(ScalarNode node) {
        Tag tag = node.getTag();
        if (tag.getValue().startsWith(PYTHON_NAME_TAG)) {
            return tag.getValue().substring(PYTHON_NAME_TAG.length());
        }
        if (tag.equals(Tag.STR)) {
            return node.getValue();
        }
        if (tag.equals(Tag.TIMESTAMP)) {
            return timestamp(node);
        }
        if (tag.equals(Tag.NULL)) {
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            return YamlScalars.bool(node.getValue());
        }
        if (tag.equals(Tag.INT)) {
            return YamlScalars.integer(node.getValue());
        }
        if (tag.equals(Tag.FLOAT)) {
            return YamlScalars.floating(node.getValue());
        }
        throw unsupportedTag(node);
    }

    private static YamlSyntaxException unsupportedTag(Node node) {
        return syntaxError(node, "unsupported YAML tag '" + node.getTag().getValue()
                + "' (dag-factory 1.x writes typed values with __type__, and combines them with __and__/__or__/__join__)");
    }

    /** A date or date-time; an impossible one (2024-13-45) stays text, for the key's reader to reject by name. */
    private static Object timestamp(ScalarNode node) {
        String text = node.getValue().trim();
        Matcher m = TIMESTAMP.matcher(text);
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text);
            }
            return m.matches() ? dateTime(m) : text;
        } catch (DateTimeException e) {
            return text;
        }
    }

    private static Object dateTime(Matcher m) {
        String fraction = m.group(7) == null ? "" : m.group(7);
        int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "000000000").substring(0, 9));
        LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(6)), nanos);
        String zone = m.group(8);
        return zone == null ? local : local.atOffset(offset(zone));
    }

    private static ZoneOffset offset(String zone) {
        if (zone.equals("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.length() <= 2 ? digits : digits.substring(0, digits.length() - 2));
        int minutes = digits.length() <= 2 ? 0 : Integer.parseInt(digits.substring(digits.length() - 2));
        int sign = zone.startsWith("-") ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    private static YamlSyntaxException syntaxError(Node node, String message) {
        SourcePosition position = SourcePositions.position(node.getStartMark());
        return new YamlSyntaxException(message, position.line(), position.column());
    }
}
