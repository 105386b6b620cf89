package io.updraft.operator;

import io.updraft.dag.XComArg;
import io.updraft.template.XComPuller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Replaces {@link XComArg} references inside arguments by the upstream values they point at. */
final class XComArguments {

    private XComArguments() {
    }

    static Object resolve(Object value, XComPuller xcoms) {
        if (value instanceof XComArg reference) {
            return xcoms.pullOne(reference.taskId(), reference.key(), null);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> resolved = new LinkedHashMap<>();
            map.forEach((k, v) -> resolved.put(k, resolve(v, xcoms)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            list.forEach(v -> resolved.add(resolve(v, xcoms)));
            return resolved;
        }
        return value;
    }
}
