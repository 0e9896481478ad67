package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UnsupportedException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns docker-java's exceptions into the console's domain exceptions, with messages that name the container and
 * the host. What the engine cannot do for a container (501) is {@link UnsupportedException}. Only the host's own
 * failures (I/O, other 5xx) become {@link UnavailableException}, the one kind that counts against the circuit
 * breaker. Thread-safe (stateless).
 *
 * @implNote Podman's 500 "container state improper" is a Conflict (see {@link #isWrongStateOnPodman}). Any other 500
 * answer to an action is not translated here: Docker 20.10 answers 500 to unpausing a running container, so
 * {@link DockerBackend} first re-reads the container's state to tell a wrong-state request from a sick host.
 */
final class DockerErrors {
    /** docker-java's message for an HTTP error: {@code Status 409: {"message":"..."}}. */
    private static final Pattern DOCKER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The end of Podman's message (and its {@code cause}) when the container's state does not allow the action. */
    private static final String PODMAN_WRONG_STATE = "container state improper";

    private static final Pattern HTML = Pattern.compile("(?i)<!doctype html|<html");
    private static final Pattern HTML_TITLE = Pattern.compile("(?is)<title>(.*?)</title>");
    /**
     * The longest detail quoted from a host, in characters: enough for an OCI runtime error, whose cause comes last
     * ("… exec: \"/app\": stat /app: no such file or directory: unknown"; 160 cut it off before the cause). Pages
     * are summarised by their title before this applies.
     */
    private static final int MAX_DETAIL = 400;

    private DockerErrors() {
    }

    /**
     * @param what  what was attempted, naming the container, e.g. {@code pause of 'web'}
     * @param where the host, e.g. {@code Docker host 'Docker' (unix:///var/run/docker.sock)}
     */
    static RuntimeException translate(RuntimeException error, String what, String where) {
        if (error instanceof DockerException docker) {
            int status = docker.getHttpStatus();
            String said = engineMessage(docker);
            if (status == 404) {
                return new NotFoundException(what + " failed: no such container on " + where + " (Docker: " + said + ")", error);
            }
            if (status == 304) {
                // start of a running or stop of a stopped container: nothing happened, so it is not a success
                return new ConflictException(what + " refused by " + where + ": the container is already in that state", error);
            }
            if (isWrongStateOnPodman(docker)) {
                // Podman opens with the container's full id in quotes; the message already names the container
                return new ConflictException(what + " refused by " + where + ": "
                        + said.replaceFirst("^\"[0-9a-f]{12,64}\" ", "it "), error);
            }
            if (status == 501) {
                // the engine cannot do this for this container (reading a log whose driver keeps none): not a sick host
                return new UnsupportedException(what + " is not possible on " + where + ": " + said, error);
            }
            if (status >= 400 && status < 500) {
                // 409 wrong state, 400 a request the engine will not take: a mistake or a race, not a sick host
                return new ConflictException(what + " refused by " + where + ": " + said, error);
            }
            return new UnavailableException(what + " failed: " + where + " answered HTTP " + status + ": " + said, error);
        }
        if (isIoFailure(error)) {
            return new UnavailableException(what + " failed: " + where + " is unreachable (" + rootMessage(error) + ")", error);
        }
        return error;
    }

    /**
     * Whether this is Podman's answer to an action the container's state does not allow (pausing a paused or stopped
     * container, unpausing a running one): HTTP 500 with the cause "container state improper", where Docker answers
     * 409. A refusal, not a sick host, so it must not count against the circuit breaker.
     */
    static boolean isWrongStateOnPodman(DockerException error) {
        return error.getHttpStatus() == 500 && engineMessage(error).endsWith(PODMAN_WRONG_STATE);
    }

    /** Whether a transport-level failure (socket, TLS, timeout, interrupt) is somewhere in the cause chain. */
    static boolean isIoFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof UncheckedIOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * The engine's own {@code message}, else one line saying what answered instead: whatever answers at a URI that is
     * not a Docker Engine (a web server, a proxy) sends a page, and that page is not a message for the user.
     */
    static String engineMessage(DockerException error) {
        String text = error.getMessage() == null ? "" : error.getMessage();
        Matcher m = DOCKER_MESSAGE.matcher(text);
        if (m.find()) {
            return oneLine(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        String body = text.replaceFirst("^Status \\d+:\\s*", "").trim();
        if (HTML.matcher(body).find()) {
            Matcher title = HTML_TITLE.matcher(body);
            return title.find() && !title.group(1).isBlank() ? "an HTML page titled '" + oneLine(title.group(1)) + "'"
                    : "an HTML page";
        }
        return oneLine(body);
    }

    /**
     * What went wrong on the way to the engine, in the user's words: "connection refused", "unknown host 'x'",
     * not the client library's exception class and the URL it rewrote the URI into.
     */
    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host" + (t.getMessage() == null ? "" : " '" + t.getMessage() + "'");
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (t instanceof ConnectException connect) {
                // the OS's words ("Connection refused", "Network is unreachable"), without the URL httpclient5 made
                String said = connect.getMessage() == null ? "" : connect.getMessage();
                int failed = said.lastIndexOf("failed: ");
                said = failed >= 0 ? said.substring(failed + "failed: ".length()) : said;
                return said.isBlank() ? "connection refused" : oneLine(said.substring(0, 1).toLowerCase(Locale.ROOT) + said.substring(1));
            }
            if (t instanceof SSLException) {
                Optional<String> refusal = DockerTls.ownRefusal(error);
                return refusal.isPresent() ? refusal.get() : "TLS failed: " + oneLine(String.valueOf(root.getMessage()));
            }
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : oneLine(message);
    }

    /** Whitespace collapsed and cut, so a message stays one line in a table cell, a status bar and a terminal. */
    static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL - 1) + "…";
    }
}
