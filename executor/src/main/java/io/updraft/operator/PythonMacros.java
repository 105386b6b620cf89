package io.updraft.operator;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import io.updraft.dag.Dag;
import io.updraft.dag.PythonCallable;
import io.updraft.template.PyNone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DAG's {@code user_defined_macros} and {@code user_defined_filters} in the template context, as Airflow puts
 * them there: a macro's dotted path becomes a function templates call ({@code {{ add_days(ds, 1) }}},
 * {@code {{ utils.shift(ds, -1) }}}), a filter's a Jinja filter ({@code {{ ds | shift(1) }}} calls
 * {@code shift(ds, 1)}); each call runs the Python function with the call's arguments (a fork of the warm
 * interpreter each call). Other macro values are variables as written.
 */
final class PythonMacros {

    /** Runs one call of a macro's Python function; returns what it returned. */
    interface Caller {
        Object call(PythonCallable callable, List<Object> args, Map<String, Object> kwargs) throws Exception;
    }

    private PythonMacros() {
    }

    /**
     * The context entries of a DAG's macros and filters; empty when it has none. A filter's key is {@code |name},
     * which no template can name: {@link io.updraft.template.TemplateRenderer} registers it as a filter.
     */
    static Map<String, Object> of(Dag dag, Caller caller) {
        Map<String, Object> entries = entries(dag.userDefinedMacros(), caller);
        dag.userDefinedFilters().forEach((name, dotted) ->
                entries.put("|" + name, new Filter(name, PythonCallable.dotted(dotted), caller)));
        return entries;
    }

    private static Object call(String name, PythonCallable callable, Caller caller, List<Object> given,
            Map<String, Object> givenKwargs) {
        List<Object> args = new ArrayList<>();
        given.forEach(arg -> args.add(PyNone.unwrap(arg)));
        Map<String, Object> kwargs = new LinkedHashMap<>();
        givenKwargs.forEach((key, value) -> kwargs.put(key, PyNone.unwrap(value)));
        try {
            return caller.call(callable, args, kwargs);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(name + " (" + callable.describe() + ") failed: " + e.getMessage(), e);
        }
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
            return call(getName(), callable, caller, varArgs, kwargMap);
        }
    }

    /** A Jinja filter whose body is a Python callable: {@code value | name(a, k=b)} calls it with value, a, k=b. */
    static final class Filter implements com.hubspot.jinjava.lib.filter.Filter {

        private final String name;
        private final PythonCallable callable;
        private final Caller caller;

        Filter(String name, PythonCallable callable, Caller caller) {
            this.name = name;
            this.callable = callable;
            this.caller = caller;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
            return filter(value, interpreter, (Object[]) args, Map.of());
        }

        @Override
        public Object filter(Object value, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            List<Object> all = new ArrayList<>();
            all.add(value);
            all.addAll(Arrays.asList(args));
            return call(name, callable, caller, all, kwargs);
        }
    }
}
