package io.instanceconsole.app;

import io.instanceconsole.cli.CliSession;
import io.instanceconsole.cli.CliSessions;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.UntrustedHostKeyException;
import io.instanceconsole.service.AuditTrail;
import io.instanceconsole.service.FactsService;
import io.instanceconsole.service.LogService;
import io.instanceconsole.service.ConnectionManager;
import io.instanceconsole.service.ConnectionRegistry;
import io.instanceconsole.service.HostKeyTrust;
import io.instanceconsole.service.KnownInstances;
import io.instanceconsole.service.LifecycleService;
import io.instanceconsole.service.Reconciler;
import io.instanceconsole.store.DataDirectory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Opens CLI sessions on the same composition root as the GUI. */
final class CliServicesFactory implements CliSessions {
    /**
     * What a call spends giving the store's free space back when it closes it last: a call takes a fraction of a
     * second, and H2 spent the GUI's 3 s on about one call in six of a shell loop (the GUI gives space back itself).
     */
    static final Duration COMPACT_ON_CLOSE = Duration.ofMillis(100);
    private final Map<String, String> env;
    /** The sessions open now (one per command), for {@link #finishWork}. */
    private final Set<AppContext> open = ConcurrentHashMap.newKeySet();
    private volatile boolean interrupted;

    CliServicesFactory() {
        this(System.getenv());
    }

    CliServicesFactory(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public CliSession open(String dataDirOption) {
        CliPhases.ended("parse");
        return track(AppContext.open(resolve(dataDirOption), Clock.systemDefaultZone(), env, true, COMPACT_ON_CLOSE));
    }

    /**
     * After Ctrl-C: nothing more is sent, and what was sent comes back and is recorded (see {@link CliMain}); a
     * session opened from now on sends nothing either (Ctrl-C while the store was still opening was ignored).
     *
     * @return whether a session was open, i.e. whether the command may have results to print
     */
    boolean finishWork() {
        interrupted = true;
        List<AppContext> now = List.copyOf(open);
        now.forEach(context -> context.lifecycle().finishWork(AppContext.FINISH_WORK_PATIENCE));
        return !now.isEmpty();
    }

    private Session track(AppContext context) {
        open.add(context);
        if (interrupted) {
            context.lifecycle().finishWork(Duration.ZERO);
        }
        return new Session(context, open::remove);
    }

    @Override
    public CliSession openBare(String dataDirOption) {
        CliPhases.ended("parse");
        return track(AppContext.open(resolve(dataDirOption), Clock.systemDefaultZone(), env, false, COMPACT_ON_CLOSE));
    }

    @Override
    public Map<String, String> environment() {
        return env;
    }

    @Override
    public Path dataDirectory(String dataDirOption) {
        return resolve(dataDirOption).path();
    }

    private DataDirectory resolve(String dataDirOption) {
        return DataDirectory.resolve(dataDirOption, env, System.getProperty("os.name"), System.getProperty("user.home"));
    }

    private record Session(AppContext context, Consumer<AppContext> onClose) implements CliSession {
        @Override
        public ConnectionManager connectionManager() {
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
        public AuditTrail auditTrail() {
            return context.auditTrail();
        }

        @Override
        public FactsService facts() {
            return new FactsService(context.registry());
        }

        @Override
        public LogService logs() {
            return new LogService(context.registry());
        }

        @Override
        public CompletableFuture<Void> connect(String onlyConnectionName) {
            return context.connect(c -> onlyConnectionName == null ? c.enabled() : c.name().equals(onlyConnectionName))
                    .whenComplete((done, failed) -> CliPhases.ended("connect"));
        }

        @Override
        public CompletableFuture<Void> connectFor(Collection<InstanceKey> instances) {
            return context.connectionManager().connectFor(instances)
                    .whenComplete((done, failed) -> CliPhases.ended("connect"));
        }

        @Override
        public HostKeyTrust hostKeys() {
            return context.hostKeys();
        }

        @Override
        public Optional<UntrustedHostKeyException> untrustedKey(String connectionId) {
            return context.connectionManager().untrustedKey(connectionId);
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
            CliPhases.ended("command");
            context.close();
            CliPhases.ended("close");
            onClose.accept(context);
        }
    }
}
