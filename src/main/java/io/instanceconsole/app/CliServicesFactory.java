package io.instanceconsole.app;

import io.instanceconsole.cli.CliSession;
import io.instanceconsole.cli.CliSessions;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.Reconciler;
import io.instanceconsole.store.ConnectionRepository;
import io.instanceconsole.store.DataDirectory;
import io.instanceconsole.store.Journal;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Opens CLI sessions on the same composition root as the GUI. */
final class CliServicesFactory implements CliSessions {
    private final Map<String, String> env;

    CliServicesFactory() {
        this(System.getenv());
    }

    CliServicesFactory(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public CliSession open(String dataDirOption) {
        AppContext context = AppContext.open(resolve(dataDirOption), Clock.systemDefaultZone(), env);
        return new Session(context);
    }

    @Override
    public CliSession openBare(String dataDirOption) {
        return new Session(AppContext.open(resolve(dataDirOption), Clock.systemDefaultZone(), env, false));
    }

    @Override
    public java.nio.file.Path dataDirectory(String dataDirOption) {
        return resolve(dataDirOption).path();
    }

    private DataDirectory resolve(String dataDirOption) {
        return DataDirectory.resolve(dataDirOption, env, System.getProperty("os.name"), System.getProperty("user.home"));
    }

    private record Session(AppContext context) implements CliSession {
        @Override
        public ConnectionRepository connections() {
            return context.connections();
        }

        @Override
        public io.instanceconsole.service.ConnectionManager connectionManager() {
            return context.connectionManager();
        }

        @Override
        public KnownInstances known() {
            return context.known();
        }

        @Override
        public ConnectionRegistry registry() {
            return context.registry();
        }

        @Override
        public LifecycleService lifecycle() {
            return context.lifecycle();
        }

        @Override
        public Reconciler reconciler() {
            return context.reconciler();
        }

        @Override
        public Journal journal() {
            return context.journal();
        }

        @Override
        public CompletableFuture<Void> connect(String onlyConnectionName) {
            return context.connect(c -> onlyConnectionName == null ? c.enabled() : c.name().equals(onlyConnectionName));
        }

        @Override
        public Optional<String> openError(String connectionId) {
            return context.openError(connectionId);
        }

        @Override
        public String dataDirectory() {
            return context.dataDirectory().path().toString();
        }

        @Override
        public void close() {
            context.close();
        }
    }
}
