package io.updraft.operator;

import io.updraft.api.OperatorProvider;
import io.updraft.dag.OperatorCatalog;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every operator Updraft can run, by the names DAG files use: the built-ins and the plugins, all found through
 * {@link ServiceLoader} ({@code META-INF/services/io.updraft.api.OperatorProvider}). Immutable and thread-safe.
 */
public final class OperatorRegistry implements OperatorCatalog {

    private final Map<String, OperatorProvider> providers;
    private final UserPythonOperators userOperators;
    private final OperatorProvider userOperatorProvider = new UserPythonOperatorProvider();

    /** Loads the providers visible to this class's class loader. */
    public OperatorRegistry() {
        this(ServiceLoader.load(OperatorProvider.class, OperatorRegistry.class.getClassLoader()));
    }

    /**
     * @throws IllegalStateException when two providers answer to the same operator name
     */
    public OperatorRegistry(Iterable<OperatorProvider> found) {
        Map<String, OperatorProvider> byName = new HashMap<>();
        for (OperatorProvider provider : found) {
            for (String name : provider.operatorNames()) {
                OperatorProvider previous = byName.putIfAbsent(name, provider);
                if (previous != null) {
                    throw new IllegalStateException("operator '" + name + "' is provided twice: by "
                            + previous.getClass().getName() + " and by " + provider.getClass().getName());
                }
            }
        }
        this.providers = Collections.unmodifiableMap(byName);
        this.userOperators = new UserPythonOperators(List.of(), null);
    }

    private OperatorRegistry(Map<String, OperatorProvider> providers, UserPythonOperators userOperators) {
        this.providers = providers;
        this.userOperators = userOperators;
    }

    /**
     * This registry, also knowing operator classes written by users in Python: in a module file under the DAGs or
     * plugins folder, or in a module installed in the interpreter of Python tasks.
     */
    public OperatorRegistry withUserPython(PythonSettings python) {
        return new OperatorRegistry(providers, new UserPythonOperators(
                List.of(python.dagsFolder(), python.pluginsFolder()), new InstalledModules(python.python())));
    }

    @Override
    public boolean isKnown(String operatorName) {
        return providers.containsKey(operatorName) || userOperators.resolves(operatorName);
    }

    /** @throws IllegalArgumentException for an unknown operator, or naming the argument that is wrong */
    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        try {
            provider(operatorName).validate(operatorName, arguments);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(operatorClassName(operatorName) + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming the unknown operator */
    public OperatorProvider provider(String operatorName) {
        OperatorProvider provider = providers.get(operatorName);
        if (provider == null && userOperators.resolves(operatorName)) {
            return userOperatorProvider;
        }
        if (provider == null) {
            throw new IllegalArgumentException("unknown operator '" + operatorName + "'");
        }
        return provider;
    }

    /** EmptyOperator tasks are marked success without running, as Airflow's scheduler does. */
    public boolean isEmptyOperator(String operatorName) {
        return EmptyOperatorProvider.NAMES.contains(operatorName);
    }

    /**
     * The operator's class name as Airflow's API reports it ({@code BashOperator}; for TaskFlow tasks
     * {@code _PythonDecoratedOperator}).
     */
    public String operatorClassName(String operatorName) {
        String decorated = PythonOperatorProvider.decoratorClassName(operatorName);
        if (decorated != null) {
            return decorated;
        }
        return operatorName.substring(operatorName.lastIndexOf('.') + 1);
    }

    /**
     * The {@code operator_name} Airflow reports: {@code @task} (or {@code @task.branch}, ...) for TaskFlow tasks,
     * else the operator's class name.
     */
    public static String operatorName(String operatorName) {
        String decorator = PythonOperatorProvider.decoratorOperatorName(operatorName);
        return decorator != null ? decorator : operatorName.substring(operatorName.lastIndexOf('.') + 1);
    }

    public Set<String> operatorNames() {
        return providers.keySet();
    }
}
