package io.updraft.operator;

import com.hubspot.jinjava.lib.fn.MacroFunction;
import io.updraft.dag.Dag;
import io.updraft.dag.PythonCallable;
import io.updraft.template.PyNone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DAG's {@code user_defined_macros} in the template context, as Airflow puts them there: a callable's dotted path
 * becomes a function templates call ({@code {{ add_days(ds, 1) }}}, {@code {{ utils.shift(ds, -1) }}}), which runs
 * the Python function with the call's arguments (a fork of the warm interpreter each call); other values are
 * variables as written.
 */
final class PythonMacros {

    /** Runs one call of a macro's Python function; returns what it returned. */
    interface Caller {
        Object call(PythonCallable callable, List<Object> args, Map<String, Object> kwargs) throws Exception;
    }

    private PythonMacros() {
    }

    /** The context entries of a DAG's macros; empty when it has none. */
    static Map<String, Object> of(Dag dag, Caller caller) {
        return entries(dag.userDefinedMacros(), caller);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entries(Map<String, Object> macros, Caller caller) {
        Map<String, Object> entries = new LinkedHashMap<>();
        macros.forEach((name, value) -> entries.put(name, value instanceof String dotted
                ? new Function(name, PythonCallable.dotted(dotted), caller)
                : value instanceof Map<?, ?> nested ? entries((Map<String, Object>) nested, caller) : value));
        return entries;
    }

    /** A Jinjava function whose body is a Python callable. */
    static final class Function extends MacroFunction {

        private final PythonCallable callable;
        private final Caller caller;

        Function(String name, PythonCallable callable, Caller caller) {
            super(List.of(), name, new LinkedHashMap<>(), false, null, 0, 0);
            this.callable = callable;
            this.caller = caller;
        }

        @Override
        public Object doEvaluate(Map<String, Object> argMap, Map<String, Object> kwargMap, List<Object> varArgs) {
            List<Object> args = new ArrayList<>();
            varArgs.forEach(arg -> args.add(PyNone.unwrap(arg)));
            Map<String, Object> kwargs = new LinkedHashMap<>();
            kwargMap.forEach((key, value) -> kwargs.put(key, PyNone.unwrap(value)));
            try {
                return caller.call(callable, args, kwargs);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(getName() + " (" + callable.describe() + ") failed: "
                        + e.getMessage(), e);
            }
        }
    }
}
