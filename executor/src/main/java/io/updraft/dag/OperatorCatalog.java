package io.updraft.dag;

import java.util.Map;

/** What the loader asks about operators: which names exist, and whether a task's arguments suit its operator. */
public interface OperatorCatalog {

    /** True when {@code operatorName} (an operator class path or a TaskFlow decorator path) can run. */
    boolean isKnown(String operatorName);

    /** Every known operator name, for "did you mean" when a name is misspelt. */
    default java.util.Set<String> operatorNames() {
        return java.util.Set.of();
    }

    /**
     * Checks a task's arguments.
     *
     * @throws IllegalArgumentException naming the argument that is wrong and why
     */
    void validate(String operatorName, Map<String, Object> arguments);
}
