package io.updraft.operator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Operator class paths that name user-written Python ({@code customized.operators.MakeBreadOperator}): a class in a
 * module file under the DAGs or plugins folder, which is where Airflow's sys.path finds them. Thread-safe.
 */
final class UserPythonOperators {

    private static final Pattern CLASS_PATH = Pattern.compile("[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)+");

    private final List<Path> roots;

    UserPythonOperators(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** True when the module of {@code classPath} is a file ({@code a/b.py} or {@code a/b/__init__.py}) of a root. */
    boolean resolves(String classPath) {
        if (!CLASS_PATH.matcher(classPath).matches()) {
            return false;
        }
        String module = classPath.substring(0, classPath.lastIndexOf('.')).replace('.', '/');
        for (Path root : roots) {
            if (Files.isRegularFile(root.resolve(module + ".py"))
                    || Files.isRegularFile(root.resolve(module).resolve("__init__.py"))) {
                return true;
            }
        }
        return false;
    }
}
