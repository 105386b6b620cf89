package io.updraft.dag.factory;

import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Maps a {@link ConfigPath} to the line and column where it was written, by walking the composed YAML nodes. A path
 * that goes deeper than the file (a value that came from a default) resolves to its deepest written ancestor.
 */
final class SourcePositions {

    /** How far a path could be followed in the file, and the position of the last key found. */
    record Located(SourcePosition position, int depth) {
    }

    private static final List<String> ITEM_NAME_KEYS = List.of("task_id", "group_name");

    private final Node root;

    SourcePositions(Node root) {
        this.root = root;
    }

    Located locate(List<String> keys) {
        Node node = root;
        SourcePosition found = null;
        int depth = 0;
        for (String key : keys) {
            Node[] entry = entry(node, key);
            if (entry == null) {
                break;
            }
            found = position(entry[0].getStartMark());
            node = entry[1];
            depth++;
        }
        return new Located(found, depth);
    }

    /** The key node and value node for {@code key} under {@code node}, or null. */
    private static Node[] entry(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return new Node[] {scalar, tuple.getValueNode()};
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                if (String.valueOf(i).equals(key) || namedAs(item, key)) {
                    return new Node[] {item, item};
                }
            }
        }
        return null;
    }

    private static boolean namedAs(Node item, String name) {
        for (String nameKey : ITEM_NAME_KEYS) {
            Node[] entry = entry(item, nameKey);
            if (entry != null && entry[1] instanceof ScalarNode scalar && scalar.getValue().equals(name)) {
                return true;
            }
        }
        return false;
    }

    static SourcePosition position(Mark mark) {
        return new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
