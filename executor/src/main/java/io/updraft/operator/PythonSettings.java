package io.updraft.operator;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How Python tasks run.
 *
 * @param python the interpreter of PythonOperator and TaskFlow tasks ({@code UPDRAFT_PYTHON}, default python3)
 * @param forkServer whether tasks are forks of a warm interpreter ({@code UPDRAFT_PYTHON_FORK_SERVER}, default
 *     true on Linux) rather than a fresh interpreter each
 * @param preload modules the warm interpreter imports once ({@code UPDRAFT_PYTHON_PRELOAD}, comma-separated)
 * @param dagsFolder the DAGs folder's root, first on {@code sys.path} as in Airflow; null when unknown
 * @param pluginsFolder Airflow's plugins folder, last on {@code sys.path} ({@code UPDRAFT_PLUGINS_FOLDER}, default
 *     {@code UPDRAFT_HOME/plugins})
 */
public record PythonSettings(String python, boolean forkServer, List<String> preload, Path dagsFolder,
        Path pluginsFolder) {

    public PythonSettings {
        preload = List.copyOf(preload);
    }

    public static PythonSettings from(Map<String, String> environment, Path home, Path dagsFolder) {
        String python = environment.getOrDefault("UPDRAFT_PYTHON", "python3");
        String fork = environment.get("UPDRAFT_PYTHON_FORK_SERVER");
        boolean forkServer = fork == null || fork.isBlank()
                ? System.getProperty("os.name", "").toLowerCase().contains("linux")
                : Boolean.parseBoolean(fork.trim());
        List<String> preload = Arrays.stream(environment.getOrDefault("UPDRAFT_PYTHON_PRELOAD", "").split(","))
                .map(String::trim).filter(name -> !name.isEmpty()).toList();
        String plugins = environment.get("UPDRAFT_PLUGINS_FOLDER");
        Path pluginsFolder = plugins == null || plugins.isBlank() ? home.resolve("plugins") : Path.of(plugins);
        return new PythonSettings(python, forkServer, preload,
                dagsFolder == null ? null : dagsFolder.toAbsolutePath().normalize(),
                pluginsFolder.toAbsolutePath().normalize());
    }

    public PythonSettings withForkServer(boolean enabled) {
        return new PythonSettings(python, enabled, preload, dagsFolder, pluginsFolder);
    }
}
