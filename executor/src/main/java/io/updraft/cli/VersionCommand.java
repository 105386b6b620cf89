package io.updraft.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code updraft version}. */
@Command(name = "version", description = "Show the version.")
final class VersionCommand implements Runnable, IVersionProvider {

    static final String VERSION = "0.1.0";

    @Override
    public void run() {
        System.out.println(VERSION);
    }

    @Override
    public String[] getVersion() {
        return new String[] {"updraft " + VERSION};
    }
}
