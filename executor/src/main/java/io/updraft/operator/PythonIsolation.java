package io.updraft.operator;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a PythonVirtualenvOperator or ExternalPythonOperator task runs its callable: a cached virtualenv built from
 * requirements, or a prepared interpreter. The callable's own source is run there (as Airflow does: it must import
 * what it needs inside the function), so its module's imports need not exist in that environment.
 *
 * @param python the interpreter of an ExternalPythonOperator; null for a virtualenv
 * @param requirements pip requirement strings
 * @param requirementsFile a pip requirements file ({@code requirements} given as a string), or null
 * @param pythonVersion e.g. "3.11": the virtualenv is made with {@code python3.11}; null for Updraft's interpreter
 */
record PythonIsolation(String python, List<String> requirements, String requirementsFile, String pythonVersion,
        boolean systemSitePackages, List<String> pipInstallOptions, List<String> indexUrls) {

    /** Arguments of these operators that configure them rather than the callable. */
    static final Set<String> ARGUMENTS = Set.of("python", "requirements", "python_version", "system_site_packages",
            "pip_install_options", "index_urls", "venv_cache_path", "expect_airflow", "string_args", "use_dill",
            "serializer", "inherit_env", "env_vars", "use_airflow_context");

    boolean isExternal() {
        return python != null;
    }

    /** The isolation of a virtualenv or external Python operator or decorator, else null. */
    static PythonIsolation of(String operatorName, Map<String, Object> arguments) {
        if (operatorName.endsWith("ExternalPythonOperator") || operatorName.endsWith(".external_python")) {
            String python = Arguments.string(arguments, "python", null);
            if (python == null || python.isBlank()) {
                throw new IllegalArgumentException("python is required: the path of the interpreter to run in");
            }
            return new PythonIsolation(python, List.of(), null, null, false, List.of(), List.of());
        }
        if (!operatorName.endsWith("PythonVirtualenvOperator") && !operatorName.endsWith(".virtualenv")) {
            return null;
        }
        Object requirements = arguments.get("requirements");
        List<String> list = List.of();
        String file = null;
        if (requirements instanceof String text) {
            file = text;
        } else if (requirements != null) {
            list = strings(arguments, "requirements");
        }
        Object version = arguments.get("python_version");
        if (version != null && !String.valueOf(version).matches("\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("python_version must be a version such as '3.11', not '" + version
                    + "'");
        }
        return new PythonIsolation(null, list, file, version == null ? null : String.valueOf(version),
                Arguments.bool(arguments, "system_site_packages", true), strings(arguments, "pip_install_options"),
                strings(arguments, "index_urls"));
    }

    private static List<String> strings(Map<String, Object> arguments, String name) {
        List<Object> values = Arguments.list(arguments, name);
        if (values == null) {
            return List.of();
        }
        for (Object value : values) {
            if (!(value instanceof String)) {
                throw new IllegalArgumentException(name + " must be a list of strings, got " + Arguments.describe(value));
            }
        }
        return values.stream().map(String.class::cast).toList();
    }
}
