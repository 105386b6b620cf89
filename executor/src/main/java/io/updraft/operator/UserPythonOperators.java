package io.updraft.operator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Operator class paths that name user-written Python ({@code customized.operators.MakeBreadOperator}): a class in a
 * module file under the DAGs or plugins folder, which is where Airflow's sys.path finds them, or in a module
 * installed in the interpreter Python tasks run in (its site-packages, a virtualenv's when {@code UPDRAFT_PYTHON}
 * is one). {@code airflow.*} paths are never user code: Updraft runs Airflow's operators itself or not at all.
 * Thread-safe.
 */
final class UserPythonOperators {

    private static final Pattern CLASS_PATH = Pattern.compile("[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)+");
    /** A module found stays found; one not found is looked up again after this long (it may be installed since). */
    private static final long RETRY_MILLIS = 30_000;

    private final List<Path> roots;
    private final InstalledModules installed;
    private final Map<String, Long> notInstalledSince = new ConcurrentHashMap<>();
    private final Map<String, Boolean> foundInstalled = new ConcurrentHashMap<>();

    /** @param installed finds modules installed in the tasks' interpreter; null to look only under the roots */
    UserPythonOperators(List<Path> roots, InstalledModules installed) {
        this.roots = List.copyOf(roots);
        this.installed = installed;
    }

    /** True when the module of {@code classPath} is a file of a root or a module installed in the interpreter. */
    boolean resolves(String classPath) {
        if (!CLASS_PATH.matcher(classPath).matches()) {
            return false;
        }
        String module = classPath.substring(0, classPath.lastIndexOf('.'));
        String file = module.replace('.', '/');
        for (Path root : roots) {
            if (Files.isRegularFile(root.resolve(file + ".py"))
                    || Files.isRegularFile(root.resolve(file).resolve("__init__.py"))) {
                return true;
            }
        }
        return installed != null && !module.equals("airflow") && !module.startsWith("airflow.")
                && isInstalled(module);
    }

    private boolean isInstalled(String module) {
        if (foundInstalled.containsKey(module)) {
            return true;
        }
        Long since = notInstalledSince.get(module);
        if (since != null && System.currentTimeMillis() - since < RETRY_MILLIS) {
            return false;
        }
        if (installed.exists(module)) {
            foundInstalled.put(module, true);
            notInstalledSince.remove(module);
            return true;
        }
        notInstalledSince.put(module, System.currentTimeMillis());
        return false;
    }
}
