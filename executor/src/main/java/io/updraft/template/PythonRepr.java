package io.updraft.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import io.updraft.json.PyTuple;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints {@code {{ expr }}} as Python's {@code str()} does where Jinjava differs: {@code True}/{@code False} (also
 * inside lists, sets and dicts), sets as {@code {'a', 'b'}}, tuples as {@code (1, 'a')}, and Airflow objects
 * ({@link TemplateObject}) by their repr. Every other value prints as Jinjava prints it.
 */
final class PythonRepr implements ExpressionStrategy {

    private static final long serialVersionUID = 1L;

    @Override
    public RenderedOutputNode interpretOutput(ExpressionToken master, JinjavaInterpreter interpreter) {
        Object value = interpreter.resolveELExpression(master.getExpr(), master.getLineNumber());
        // Airflow's Jinja neither escapes nor renders the output again (Jinjava's nested interpretation stays off)
        return new RenderedOutputNode(needsPython(value) ? str(value, interpreter) : interpreter.getAsString(value));
    }

    /** Jinjava hands maps and lists out wrapped (PyMap, PyList); the repr looks at what they wrap. */
    private static Object unwrapped(Object value) {
        if (value instanceof com.hubspot.jinjava.objects.collections.PyMap map) {
            return map.toMap();
        }
        return value instanceof com.hubspot.jinjava.objects.collections.PyList list ? list.toList() : value;
    }

    private static boolean needsPython(Object wrapped) {
        Object value = unwrapped(wrapped);
        if (value instanceof Boolean || value instanceof TemplateObject || value instanceof Set<?>
                || value instanceof PyTuple) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(PythonRepr::needsPython);
        }
        return value instanceof Collection<?> items && items.stream().anyMatch(PythonRepr::needsPython);
    }

    static String str(Object value, JinjavaInterpreter interpreter) {
        return value instanceof String text ? text : repr(value, interpreter);
    }

    private static String repr(Object wrapped, JinjavaInterpreter interpreter) {
        Object value = unwrapped(wrapped);
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof TemplateObject object) {
            return object.toString();
        }
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(repr(k, interpreter)).append(": ")
                    .append(repr(v, interpreter)));
            return out.append('}').toString();
        }
        if (value instanceof PyTuple tuple) {
            StringBuilder out = new StringBuilder("(");
            tuple.forEach(item -> out.append(out.length() > 1 ? ", " : "").append(repr(item, interpreter)));
            return out.append(tuple.size() == 1 ? ",)" : ")").toString();
        }
        if (value instanceof Collection<?> items) {
            boolean set = value instanceof Set<?>;
            if (set && items.isEmpty()) {
                return "set()";
            }
            StringBuilder out = new StringBuilder(set ? "{" : "[");
            for (Iterator<?> it = items.iterator(); it.hasNext(); ) {
                out.append(repr(it.next(), interpreter)).append(it.hasNext() ? ", " : "");
            }
            return out.append(set ? '}' : ']').toString();
        }
        String pyish = interpreter.getAsString(value);
        return value == null || value == PyNone.NONE ? "None" : pyish;
    }

    /** Python's repr of a str: single quotes unless the text holds one and no double quote. */
    private static String quote(String text) {
        char quote = text.contains("'") && !text.contains("\"") ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c == quote ? "\\" + c : String.valueOf(c));
            }
        }
        return out.append(quote).toString();
    }

    /** Values Airflow keeps in sets (dag.tags, task.upstream_task_ids) print as sets. */
    static Set<Object> set(List<?> values) {
        return new java.util.LinkedHashSet<>(values);
    }
}
