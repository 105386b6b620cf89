package io.updraft.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.UnknownTokenException;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.MacroFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders Airflow templates with Jinjava. Undefined variables fail the render, as with Airflow's StrictUndefined.
 * Thread-safe: one instance serves every try.
 */
public final class TemplateRenderer {

    /** A field that is one expression and nothing else: rendered to its native value when asked. */
    private static final Pattern SINGLE_EXPRESSION = Pattern.compile("^\\s*\\{\\{((?:(?!\\{\\{|}}|\\{%).)*)}}\\s*$",
            Pattern.DOTALL);

    /** True/False, sets and Airflow's objects print as Python prints them. */
    private static final PythonRepr PYTHON_OUTPUT = new PythonRepr();

    private final Jinjava jinjava;

    public TemplateRenderer() {
        jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                // maps and lists print as Python would ({'a': 1}), not as Java's toString
                .withLegacyOverrides(LegacyOverrides.newBuilder().withUsePyishObjectMapper(true).build())
                .withNestedInterpretationEnabled(false)
                .build());
        // Python's None is PyNone here (a defined value), so "is none" must know it
        jinjava.getGlobalContext().registerExpTest(new com.hubspot.jinjava.lib.exptest.IsNoneExpTest() {
            @Override
            public boolean evaluate(Object value, com.hubspot.jinjava.interpret.JinjavaInterpreter interpreter,
                    Object... args) {
                return value == null || value == PyNone.NONE;
            }
        });
        jinjava.registerFilter(new DateFilter("ds", AirflowDates::ds));
        jinjava.registerFilter(new DateFilter("ds_nodash", AirflowDates::dsNodash));
        jinjava.registerFilter(new DateFilter("ts", AirflowDates::ts));
        jinjava.registerFilter(new DateFilter("ts_nodash", AirflowDates::tsNodash));
        jinjava.registerFilter(new DateFilter("ts_nodash_with_tz", AirflowDates::tsNodashWithTz));
    }

    /**
     * Renders every string inside a field value (walking lists and maps); other values are returned unchanged.
     *
     * @param nativeObjects Airflow's {@code render_template_as_native_obj}: a string that is a single
     *     {@code {{ expr }}} becomes the expression's value instead of its text
     * @throws TemplateRenderException naming the field
     */
    public Object renderField(String field, Object value, Map<String, Object> context, boolean nativeObjects) {
        if (value instanceof String template) {
            return nativeObjects ? renderNative(field, template, context) : render(field, template, context);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> rendered = new LinkedHashMap<>();
            map.forEach((k, v) -> rendered.put(k, renderField(field, v, context, nativeObjects)));
            return rendered;
        }
        if (value instanceof List<?> list) {
            List<Object> rendered = new ArrayList<>();
            list.forEach(v -> rendered.add(renderField(field, v, context, nativeObjects)));
            return rendered;
        }
        return value;
    }

    /** Renders one template to text. */
    public String render(String field, String template, Map<String, Object> context) {
        if (!looksLikeTemplate(template)) {
            return template;
        }
        JinjavaInterpreter interpreter = interpreter(context);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            String output = interpreter.render(template);
            for (TemplateError error : interpreter.getErrors()) {
                if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                    throw new TemplateRenderException(field, describe(error), error.getException());
                }
            }
            return output;
        } catch (TemplateRenderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateRenderException(field, describe(e), e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /** An interpreter on the context that prints values as Python does ({@link PythonRepr}). */
    private JinjavaInterpreter interpreter(Map<String, Object> context) {
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        interpreter.getContext().putAll(context);
        // functions (a DAG's user_defined_macros) are called by name, which Jinjava looks up among its macros
        context.values().stream().filter(MacroFunction.class::isInstance)
                .forEach(function -> interpreter.getContext().addGlobalMacro((MacroFunction) function));
        // and a DAG's user_defined_filters are filters of this render only
        context.values().stream().filter(Filter.class::isInstance)
                .forEach(filter -> interpreter.getContext().registerFilter((Filter) filter));
        // the global context's copy each render starts from does not keep it, so it is set on each
        interpreter.getContext().setExpressionStrategy(PYTHON_OUTPUT);
        return interpreter;
    }

    private Object renderNative(String field, String template, Map<String, Object> context) {
        Matcher single = SINGLE_EXPRESSION.matcher(template);
        if (!single.matches()) {
            return render(field, template, context);
        }
        JinjavaInterpreter interpreter = interpreter(context);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            Object value = interpreter.resolveELExpression(single.group(1).trim(), 1);
            for (TemplateError error : interpreter.getErrors()) {
                if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                    throw new TemplateRenderException(field, describe(error), error.getException());
                }
            }
            return PyNone.unwrap(value);
        } catch (TemplateRenderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TemplateRenderException(field, describe(e), e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    private static boolean looksLikeTemplate(String text) {
        return text.contains("{{") || text.contains("{%") || text.contains("{#");
    }

    private static String describe(TemplateError error) {
        if (error.getException() instanceof UnknownTokenException unknown) {
            return describe(unknown);
        }
        String message = error.getMessage();
        if (message != null && message.startsWith("UnknownTokenException: Unknown token found: ")) {
            return "'" + message.substring("UnknownTokenException: Unknown token found: ".length())
                    + "' is undefined";
        }
        return message + (error.getLineno() > 0 ? " (line " + error.getLineno() + ")" : "");
    }

    private static String describe(RuntimeException e) {
        if (e instanceof UnknownTokenException unknown) {
            String message = unknown.getMessage();
            String token = message.substring(message.indexOf(':') + 1).trim();
            return "'" + token.replaceFirst("^Unknown token found:\\s*", "") + "' is undefined";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
