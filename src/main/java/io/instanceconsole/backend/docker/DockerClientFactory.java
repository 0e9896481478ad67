package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.VersionComponent;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.instanceconsole.backend.docker.DockerBackend.API_VERSION;

/**
 * Makes the docker-java clients of one endpoint and proves that a Docker Engine speaking API 1.41 or newer answers
 * there before any of them is handed out. Three clients, because one response timeout cannot fit all: API calls (long
 * enough for a graceful stop), the probe (bounded by the connect timeout, so a host that accepts but never answers
 * fails fast), and the event stream (no response timeout: it is quiet while nothing happens). See
 * docs/decisions/0005-docker-adapter.md.
 */
final class DockerClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DockerClientFactory.class);

    private final DockerEndpoint endpoint;
    private final DockerTls tls;
    private final DockerSettings settings;
    private final String where;

    /**
     * The clients a backend keeps, the one for API calls and the one for the event stream, and the engine that
     * answered: {@link BackendKind#PODMAN} for Podman's Docker-compatible socket, else {@link BackendKind#DOCKER}.
     */
    record Clients(DockerClient calls, DockerClient events, BackendKind engine) {
    }

    /**
     * @param endpoint where the clients connect (for ssh, the tunnel's local socket)
     * @param tls      the endpoint's checked TLS material, or null without TLS
     * @param where    how messages name the endpoint
     */
    DockerClientFactory(DockerEndpoint endpoint, DockerTls tls, DockerSettings settings, String where) {
        this.endpoint = endpoint;
        this.tls = tls;
        this.settings = settings;
        this.where = where;
    }

    /**
     * The clients, once a Docker Engine answered within the connect timeout; the probe runs on {@code worker} and is
     * abandoned (its client closed) when the deadline passes. Nothing stays open when it fails.
     *
     * @throws DockerEndpointException what answers is not a Docker Engine the console can use, or TLS refused
     * @throws UnavailableException    nothing answers in time
     */
    Clients connect(ExecutorService worker) {
        DockerClient calls = null;
        DockerClient events = null;
        DockerClient probe = null;
        try {
            calls = client(settings.responseTimeout());
            events = client(null);
            probe = client(settings.connectTimeout());
            Version version = probe(probe, worker);
            return new Clients(calls, events, engineOf(version));
        } catch (RuntimeException e) {
            closeQuietly(calls);
            closeQuietly(events);
            throw e;
        } finally {
            closeQuietly(probe);
        }
    }

    private DockerClient client(Duration responseTimeout) {
        DefaultDockerClientConfig.Builder config = new DefaultDockerClientConfig.Builder()
                .withDockerHost(endpoint.uri().toString())
                .withApiVersion(API_VERSION)
                .withDockerTlsVerify(endpoint.usesTls());
        if (endpoint.usesTls()) {
            config.withDockerCertPath(endpoint.tlsDir().toString());
        }
        DefaultDockerClientConfig built;
        try {
            built = config.build();
        } catch (RuntimeException e) {
            throw new DockerEndpointException("cannot configure a client for " + where + ": "
                    + DockerErrors.rootMessage(e), e);
        }
        ApacheDockerHttpClient.Builder http = new ApacheDockerHttpClient.Builder()
                .dockerHost(built.getDockerHost())
                .maxConnections(settings.maxConnections())
                .connectionTimeout(settings.connectTimeout())
                .responseTimeout(responseTimeout);
        if (tls != null) {
            // read and checked by DockerTls.load, so that a bad or expired certificate is named before connecting
            http.sslConfig(tls);
        } else {
            http.sslConfig(NoTlsForSockets.INSTANCE); // a unix socket: not the JVM's default context (see there)
        }
        try {
            return DockerClientImpl.getInstance(built, http.build());
        } catch (RuntimeException e) {
            throw new DockerEndpointException("cannot create a client for " + where + ": " + DockerErrors.rootMessage(e), e);
        }
    }

    /**
     * Proves that a Docker Engine answers, with a hard deadline of the connect timeout: a peer that accepts the
     * connection and never answers must not hang the caller. Runs on the worker, whose call is aborted by closing
     * the probe client when the deadline passes.
     */
    private Version probe(DockerClient probe, ExecutorService worker) {
        Future<Version> answer = worker.submit(() -> {
            probe.pingCmd().exec();
            return probe.versionCmd().exec();
        });
        Version version;
        try {
            version = answer.get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            closeQuietly(probe);
            throw new UnavailableException("no answer from " + where + " within " + seconds(settings.connectTimeout())
                    + " (is it a Docker Engine, and reachable?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            throw new UnavailableException("interrupted while connecting to " + where, e);
        } catch (ExecutionException e) {
            Optional<String> refused = tls == null ? Optional.empty()
                    : tls.explain(e.getCause(), settings.connectTimeout());
            if (refused.isPresent()) {
                throw new DockerEndpointException(where + ": " + refused.get(), e.getCause());
            }
            throw probeFailure(e.getCause());
        }
        String api = version == null ? null : version.getApiVersion();
        if (api == null || !RemoteApiVersion.parseConfig(api).isGreaterOrEqual(API_VERSION)) {
            throw new DockerEndpointException(where + " speaks Docker API " + (api == null ? "(unknown)" : api)
                    + "; the console needs " + API_VERSION.getVersion() + " or newer (Docker 20.10+)");
        }
        LOG.info("connected to {}: {} {} (API {}), talking API {}", where, engineOf(version).label(),
                version.getVersion(), api, API_VERSION.getVersion());
        return version;
    }

    /**
     * Which engine a version answer comes from: Podman names itself in its components ("Podman Engine"), Docker's
     * are "Engine", "containerd", "runc".
     */
    static BackendKind engineOf(Version version) {
        List<VersionComponent> components = version.getComponents() == null ? List.of() : version.getComponents();
        boolean podman = components.stream().map(VersionComponent::getName)
                .anyMatch(name -> name != null && name.toLowerCase(Locale.ROOT).startsWith("podman"));
        return podman ? BackendKind.PODMAN : BackendKind.DOCKER;
    }

    private InstanceConsoleException probeFailure(Throwable cause) {
        if (cause instanceof DockerException docker) {
            String said = DockerErrors.engineMessage(docker);
            if (docker.getHttpStatus() == 400 && said.toLowerCase(Locale.ROOT).contains("version")) {
                return new DockerEndpointException(where + " does not speak Docker API " + API_VERSION.getVersion()
                        + " (Docker 20.10+): " + said, cause);
            }
            return new DockerEndpointException(where + " is not a Docker Engine the console can use: it answered HTTP "
                    + docker.getHttpStatus() + (said.isBlank() ? "" : ": " + said), cause);
        }
        if (cause != null && DockerErrors.isIoFailure(cause)) {
            return new UnavailableException("no Docker Engine answers at " + where + ": " + DockerErrors.rootMessage(cause), cause);
        }
        // it answered, but not in Docker's language (not HTTP, not JSON)
        return new DockerEndpointException(where + " is not a Docker endpoint: "
                + (cause == null ? "no answer" : DockerErrors.rootMessage(cause)), cause);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static void closeQuietly(DockerClient client) {
        if (client != null) {
            try {
                client.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing a Docker client", e);
            }
        }
    }
}
