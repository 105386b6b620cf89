package io.updraft.template;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.io.IOException;

/**
 * Python's None inside templates. Jinjava treats a null value as an unknown token when it fails on unknown
 * tokens, but in Airflow a defined variable holding None renders as {@code None} and is falsy.
 */
public final class PyNone implements PyishSerializable, HasObjectTruthValue {

    public static final PyNone NONE = new PyNone();

    private PyNone() {
    }

    @Override
    public boolean getObjectTruthValue() {
        return false;
    }

    @Override
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        appendable.append("None");
        return appendable;
    }

    @Override
    public String toString() {
        return "None";
    }

    /** Replaces nulls (also inside maps and lists) by {@link #NONE}, so templates can read them. */
    public static Object wrap(Object value) {
        if (value == null) {
            return NONE;
        }
        if (value instanceof java.util.Map<?, ?> map) {
            var copy = new java.util.LinkedHashMap<Object, Object>();
            map.forEach((k, v) -> copy.put(k, wrap(v)));
            return copy;
        }
        if (value instanceof java.util.List<?> list) {
            java.util.List<Object> items = new java.util.ArrayList<>();
            list.forEach(v -> items.add(wrap(v)));
            return list instanceof io.updraft.json.PyTuple ? new io.updraft.json.PyTuple(items) : items;
        }
        return value;
    }

    /** The reverse of {@link #wrap}, for values leaving a template as native objects. */
    public static Object unwrap(Object value) {
        if (value == NONE) {
            return null;
        }
        if (value instanceof java.util.Map<?, ?> map) {
            var copy = new java.util.LinkedHashMap<Object, Object>();
            map.forEach((k, v) -> copy.put(k, unwrap(v)));
            return copy;
        }
        if (value instanceof java.util.List<?> list) {
            var copy = new java.util.ArrayList<Object>();
            list.forEach(v -> copy.add(unwrap(v)));
            return list instanceof io.updraft.json.PyTuple ? new io.updraft.json.PyTuple(copy) : copy;
        }
        if (value instanceof PyDateTime dateTime) {
            return dateTime.isoformat();
        }
        return value;
    }
}
