package io.updraft.plugins.ml;

import io.updraft.api.OperatorProvider;
import java.util.Map;
import java.util.ServiceLoader;

/** Runs ML operators as the executor does: found through ServiceLoader, validated at load, then executed. */
final class OperatorRuns {

    private OperatorRuns() {
    }

    static OperatorProvider provider(String name) {
        return ServiceLoader.load(OperatorProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.operatorNames().contains(name)).findFirst().orElseThrow();
    }

    /** Validates and executes the operator; its result becomes the task's return_value XCom in the context. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> run(String operator, TestTaskContext context, Map<String, Object> args)
            throws Exception {
        OperatorProvider p = provider(operator);
        p.validate(operator, args);
        Object out = p.create(operator, args).execute(context);
        context.xcoms.put(context.taskId + "/return_value", out);
        return (Map<String, Object>) out;
    }
}
