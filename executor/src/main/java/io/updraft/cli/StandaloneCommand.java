package io.updraft.cli;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.updraft.app.Updraft;
import io.updraft.server.UpdraftServer;
import io.updraft.auth.AdminAccount;
import io.updraft.auth.AdminBootstrap;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/** {@code updraft standalone}: the service (REST API) with the engine, as {@code airflow standalone}. */
@Command(name = "standalone", description = "Run the service: the REST API and the engine, on UPDRAFT_PORT "
        + "(default 8080). SIGTERM or Ctrl-C stops it gracefully.")
final class StandaloneCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        StopSignals signals = StopSignals.install(); // before the start: a signal during it stops once started
        ApplicationContext context = UpdraftServer.start();
        // stdout, not the log: people and scripts look for it, whatever the log configuration
        System.out.print(startupBlock(context).render(StartupBlock.ansiTerminal()));
        System.out.flush();
        while (!signals.await(500, TimeUnit.MILLISECONDS) && context.isRunning()) {
            // serving until a signal (or until the context stops on its own)
        }
        UpdraftServer.stop(context);
        return 0;
    }

    private static StartupBlock startupBlock(ApplicationContext context) {
        Updraft updraft = context.getBean(Updraft.class);
        String url = context.findBean(EmbeddedServer.class)
                .map(server -> "http://" + displayHost(server.getHost()) + ":" + server.getPort() + "/")
                .orElse("(no HTTP server)");
        Optional<AdminAccount.Outcome> admin = context.findBean(AdminBootstrap.class).map(AdminBootstrap::outcome);
        String password = admin.map(AdminAccount.Outcome::password).orElse(null);
        String source = password != null
                ? "kept in " + updraft.config().home().toAbsolutePath().normalize().resolve(AdminAccount.PASSWORD_FILE)
                : admin.map(outcome -> outcome.message().replace("Password for user 'admin': ", ""))
                        .orElse("no admin is created (updraft.auth.create-admin=false)");
        return new StartupBlock(url, AdminAccount.USERNAME, password, source,
                updraft.config().dagsFolder().toAbsolutePath().normalize(), updraft.loadedDags().size(),
                updraft.importErrors().count());
    }

    /** Netty binds all interfaces; the address a user types is localhost. */
    private static String displayHost(String host) {
        return host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }
}
