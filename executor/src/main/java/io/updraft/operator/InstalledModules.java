package io.updraft.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a module is installed in a Python interpreter (its site-packages, .pth paths, a virtualenv's): asks the
 * interpreter's path finder, package by package, without importing anything, so no user code runs at load time.
 * The current directory is not searched. Thread-safe.
 */
final class InstalledModules {

    private static final Logger LOG = LoggerFactory.getLogger(InstalledModules.class);
    private static final String PROBE = String.join("\n",
            "import sys, importlib.machinery as m",
            "sys.path = [p for p in sys.path if p and p != '.']",
            "parts = sys.argv[1].split('.')",
            "spec = m.PathFinder.find_spec(parts[0])",
            "for i in range(1, len(parts)):",
            "    if spec is None or not spec.submodule_search_locations:",
            "        spec = None",
            "        break",
            "    spec = m.PathFinder.find_spec('.'.join(parts[:i + 1]), list(spec.submodule_search_locations))",
            "print('found' if spec is not None else 'missing')");

    private final String python;

    InstalledModules(String python) {
        this.python = python;
    }

    boolean exists(String module) {
        try {
            Process process = new ProcessBuilder(List.of(python, "-c", PROBE, module))
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return new String(output, StandardCharsets.UTF_8).trim().equals("found");
        } catch (IOException e) {
            LOG.warn("Cannot ask {} whether module {} is installed: {}", python, module, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
