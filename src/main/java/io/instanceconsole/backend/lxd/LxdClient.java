package io.instanceconsole.backend.lxd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UntrustedHostKeyException;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.newsclub.net.unix.AFSocketFactory;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * LXD's REST API ({@code /1.0}) over a unix socket or HTTPS with the console's client certificate, through OkHttp:
 * requests with JSON answers, waits on asynchronous operations, and the events websocket. Every request names the
 * connection's project. Failures come back as the console's exceptions ({@link LxdErrors}), an unknown server
 * certificate as {@link UntrustedHostKeyException}. Thread-safe.
 */
final class LxdClient implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LxdEndpoint endpoint;
    private final OkHttpClient http;
    private final HttpUrl base;
    private final PinningTrustManager trust;
    private final ServerCertificates pins;
    private final LxdSettings settings;

    private LxdClient(LxdEndpoint endpoint, OkHttpClient http, HttpUrl base, PinningTrustManager trust,
                      ServerCertificates pins, LxdSettings settings) {
        this.endpoint = endpoint;
        this.http = http;
        this.base = base;
        this.trust = trust;
        this.pins = pins;
        this.settings = settings;
    }

    /**
     * A client of the endpoint; over HTTPS with the identity's certificate, trusting the server's certificate if it is
     * pinned in {@code pins} or has the fingerprint {@code vouched} (a trust token's; null for none).
     */
    static LxdClient create(LxdEndpoint endpoint, ClientIdentity identity, ServerCertificates pins, String vouched,
                            LxdSettings settings, ExecutorService dispatch) {
        OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .dispatcher(dispatcher(dispatch))
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.callTimeout())
                .writeTimeout(settings.callTimeout())
                .retryOnConnectionFailure(false);
        if (endpoint.isUnix()) {
            // the host name of the URL is never looked up: every connection goes to the socket
            builder.socketFactory(new AFSocketFactory.FixedAddressSocketFactory(unixAddress(endpoint)))
                    .dns(hostname -> List.of(InetAddress.getLoopbackAddress()));
            return new LxdClient(endpoint, builder.build(), HttpUrl.get("http://lxd/"), null, pins, settings);
        }
        PinningTrustManager trust = new PinningTrustManager(endpoint.hostAndPort(), pins, vouched);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(identity.keyManagers(), new PinningTrustManager[]{trust}, null);
            // the certificate is pinned by fingerprint, so its names do not matter (LXD's are self-signed)
            builder.sslSocketFactory(tls.getSocketFactory(), trust).hostnameVerifier((host, session) -> true);
        } catch (GeneralSecurityException e) {
            throw new UnavailableException("cannot set up TLS for LXD at " + endpoint.server() + ": " + e.getMessage(), e);
        }
        HttpUrl base = new HttpUrl.Builder().scheme("https").host(endpoint.host()).port(endpoint.port()).build();
        return new LxdClient(endpoint, builder.build(), base, trust, pins, settings);
    }

    private static Dispatcher dispatcher(ExecutorService dispatch) {
        Dispatcher dispatcher = new Dispatcher(dispatch);
        dispatcher.setMaxRequestsPerHost(64);
        return dispatcher;
    }

    private static AFUNIXSocketAddress unixAddress(LxdEndpoint endpoint) {
        try {
            return AFUNIXSocketAddress.of(endpoint.socket());
        } catch (IOException e) {
            throw new UnavailableException("LXD at " + endpoint.server() + ": " + e.getMessage(), e);
        }
    }

    LxdEndpoint endpoint() {
        return endpoint;
    }

    /** The {@code metadata} of a synchronous answer to {@code GET path}. */
    JsonNode get(String path, String what) {
        return send(request(path).get().build(), what).path("metadata");
    }

    /** Sends a request whose answer may be an asynchronous operation, and waits until that operation ended well. */
    void perform(String method, String path, Map<String, ?> body, String what) {
        RequestBody content = body == null ? null : RequestBody.create(write(body), JSON);
        JsonNode answer = send(request(path).method(method, content).build(), what);
        if (answer.path("type").asText().equals("async")) {
            await(answer.path("operation").asText(), what);
        }
    }

    /** A request whose answer needs no waiting (enrolment): the whole answer. */
    JsonNode post(String path, Map<String, ?> body, String what) {
        return send(request(path).post(RequestBody.create(write(body), JSON)).build(), what);
    }

    /** Opens the events websocket of the connection's project for the given event types. */
    WebSocket events(String types, Duration ping, WebSocketListener listener) {
        HttpUrl url = base.newBuilder().encodedPath("/1.0/events").addQueryParameter("type", types)
                .addQueryParameter("project", endpoint.project()).build();
        OkHttpClient streaming = http.newBuilder().readTimeout(Duration.ZERO).pingInterval(ping).build();
        return streaming.newWebSocket(new Request.Builder().url(url).build(), listener);
    }

    /** The server as people name it, for messages. */
    String server() {
        return endpoint.server();
    }

    private void await(String operation, String what) {
        long seconds = Math.max(1, settings.operationTimeout().toSeconds());
        HttpUrl url = base.newBuilder().encodedPath(operation + "/wait").addQueryParameter("timeout", Long.toString(seconds))
                .addQueryParameter("project", endpoint.project()).build();
        OkHttpClient waiting = http.newBuilder().readTimeout(settings.operationTimeout().plus(settings.callTimeout())).build();
        JsonNode op = send(waiting, new Request.Builder().url(url).get().build(), what).path("metadata");
        String status = op.path("status").asText();
        if (status.equals("Success")) {
            return;
        }
        if (op.path("status_code").asInt() < 200) {
            throw new UnavailableException(what + ": LXD at " + server() + " did not finish it within " + seconds
                    + " s (operation " + op.path("id").asText() + " is still " + status.toLowerCase() + ")");
        }
        throw LxdErrors.of(400, op.path("err").asText(), what, server());
    }

    /** A request for a path, which may carry a query of its own ({@code /1.0/instances?recursion=1}). */
    private Request.Builder request(String path) {
        int query = path.indexOf('?');
        HttpUrl.Builder url = base.newBuilder().encodedPath(query < 0 ? path : path.substring(0, query));
        if (query >= 0) {
            url.encodedQuery(path.substring(query + 1));
        }
        url.addQueryParameter("project", endpoint.project());
        return new Request.Builder().url(url.build());
    }

    private JsonNode send(Request request, String what) {
        return send(http, request, what);
    }

    private JsonNode send(OkHttpClient client, Request request, String what) {
        try (Response response = client.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            JsonNode answer = parse(text);
            if (answer == null || !answer.has("type")) {
                throw new UnavailableException(endpoint.server() + " is not an LXD endpoint: it answered HTTP "
                        + response.code() + (text.isBlank() ? "" : ": " + firstLine(text)));
            }
            if (answer.path("type").asText().equals("error")) {
                int code = answer.path("error_code").asInt(response.code());
                throw LxdErrors.of(code, answer.path("error").asText(), what, server());
            }
            return answer;
        } catch (SSLException e) {
            throw untrustedOr(e, what);
        } catch (SocketTimeoutException e) {
            throw new UnavailableException(what + ": LXD at " + server() + " did not answer in time", e);
        } catch (IOException e) {
            throw new UnavailableException(what + ": cannot reach LXD at " + server() + ": " + e.getMessage(), e);
        }
    }

    private InstanceConsoleException untrustedOr(SSLException e, String what) {
        if (trust != null && trust.presented().isPresent() && !trust.accepts(trust.presented().get())) {
            String known = pins.trusted(endpoint.hostAndPort()).orElse(null);
            return new UntrustedHostKeyException(endpoint.hostAndPort(), ServerCertificates.KEY_TYPE,
                    trust.presented().get(), known, known == null ? null : pins.file().toString());
        }
        return new UnavailableException(what + ": TLS with LXD at " + server() + " failed: " + e.getMessage(), e);
    }

    /** The fingerprint of the certificate the server presented in the last handshake, if any. */
    Optional<String> presentedCertificate() {
        return trust == null ? Optional.empty() : trust.presented();
    }

    private static JsonNode parse(String text) {
        try {
            return text.isBlank() ? null : MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String write(Map<String, ?> body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request " + body.keySet(), e);
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
    }
}
