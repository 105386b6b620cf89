package io.updraft.dag;

/**
 * A Python function named in a DAG file: either {@code file} + {@code name} (dag-factory's
 * {@code python_callable_file} / {@code python_callable_name}) or a dotted import path such as
 * {@code my_pkg.module.fn}, or (dag-factory's {@code *_lambda}) a lambda expression's source in {@code dottedPath}.
 */
public record PythonCallable(String file, String name, String dottedPath) {

    public static PythonCallable fromFile(String file, String name) {
        return new PythonCallable(file, name, null);
    }

    public static PythonCallable dotted(String dottedPath) {
        return new PythonCallable(null, null, dottedPath);
    }

    public boolean isFile() {
        return file != null;
    }

    /** For logs and error messages. */
    public String describe() {
        return isFile() ? file + ":" + name : dottedPath;
    }
}
