package io.updraft.dag.factory;

import io.updraft.dag.XComArg;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns dag-factory's references to upstream results into {@link XComArg}s: {@code "<task>.output"} and
 * {@code "XComArg(<task>)"} in expand/partial, and {@code +task} / {@code +task['key']} in TaskFlow arguments. Each
 * referenced task becomes an upstream of the referencing task.
 */
final class XComReferences {

    private static final Pattern OUTPUT = Pattern.compile("\\s*([\\w.-]+)\\.output\\s*");
    private static final Pattern XCOM_ARG = Pattern.compile("\\s*XComArg\\(\\s*([\\w.-]+)\\s*\\)\\s*");
    private static final Pattern PLUS = Pattern.compile("\\+([\\w.-]+)(?:\\[\\s*['\"]([^'\"]+)['\"]\\s*])?");

    private final TaskNames names;
    private final String taskName;
    private final Set<String> upstream;

    /** @param upstream collects the ids of the referenced tasks */
    XComReferences(TaskNames names, String taskName, Set<String> upstream) {
        this.names = names;
        this.taskName = taskName;
        this.upstream = upstream;
    }

    /** Replaces {@code .output} / {@code XComArg(...)} strings, and {@code +task} ones when {@code plusForm}. */
    Object inMappingArguments(Object value, boolean plusForm, ConfigPath path) {
        return replace(value, true, plusForm, path);
    }

    /** Replaces {@code +task} strings only: the TaskFlow keyword-argument form. */
    Object inCallArguments(Object value, ConfigPath path) {
        return replace(value, false, true, path);
    }

    private Object replace(Object value, boolean outputForm, boolean plusForm, ConfigPath path) {
        if (value instanceof String text) {
            return reference(text, outputForm, plusForm, path);
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                items.add(replace(list.get(i), outputForm, plusForm, path.child(String.valueOf(i))));
            }
            return items;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            map.forEach((k, v) -> entries.put(String.valueOf(k),
                    replace(v, outputForm, plusForm, path.child(String.valueOf(k)))));
            return entries;
        }
        return value;
    }

    private Object reference(String text, boolean outputForm, boolean plusForm, ConfigPath path) {
        if (outputForm) {
            Matcher output = OUTPUT.matcher(text);
            Matcher xcomArg = XCOM_ARG.matcher(text);
            if (output.matches()) {
                return XComArg.returnValue(upstreamTask(output.group(1), path));
            }
            if (xcomArg.matches()) {
                return XComArg.returnValue(upstreamTask(xcomArg.group(1), path));
            }
        }
        Matcher plus = PLUS.matcher(text);
        if (plusForm && plus.matches()) {
            String taskId = upstreamTask(plus.group(1), path);
            return plus.group(2) == null ? XComArg.returnValue(taskId) : new XComArg(taskId, plus.group(2));
        }
        return text;
    }

    private String upstreamTask(String name, ConfigPath path) {
        String taskId = names.requireTask(name, path, taskName);
        upstream.add(taskId);
        return taskId;
    }
}
