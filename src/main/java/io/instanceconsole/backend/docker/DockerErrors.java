package io.instanceconsole.backend.docker;

import com.github.dockerjava.api.exception.DockerException;
import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.UnavailableException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns docker-java's exceptions into the console's domain exceptions, with messages that name the container and
 * the host. Only the host's own failures (I/O, 5xx) become {@link UnavailableException}, the one kind that counts
 * against the circuit breaker. Thread-safe (stateless).
 *
 * @implNote A 500 answer to an action is not translated here: Docker 20.10 answers 500 to unpausing a running
 * container, so {@link DockerBackend} first re-reads the container's state to tell a wrong-state request from a sick host.
 */
final class DockerErrors {
    /** docker-java's message for an HTTP error: {@code Status 409: {"message":"..."}}. */
    private static final Pattern DOCKER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

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

    /** Whether a transport-level failure (socket, TLS, timeout, interrupt) is somewhere in the cause chain. */
    static boolean isIoFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof InterruptedException || t instanceof InterruptedIOException
                    || t instanceof java.io.UncheckedIOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The engine's own {@code message}, else docker-java's text. */
    static String engineMessage(DockerException error) {
        String text = error.getMessage() == null ? "" : error.getMessage();
        Matcher m = DOCKER_MESSAGE.matcher(text);
        if (m.find()) {
            return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\").trim();
        }
        return text.replaceFirst("^Status \\d+:\\s*", "").trim();
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + message;
    }
}
