package io.instanceconsole.backend.docker;

import io.instanceconsole.domain.InstanceConsoleException;

/**
 * A Docker connection is configured wrongly: the URI is not a Docker endpoint, the TLS directory lacks a certificate,
 * or whatever answers at the URI is not a Docker Engine the console can drive. Retrying does not help; the user has
 * to change the connection. The message names the URI and the problem. Immutable.
 */
public class DockerEndpointException extends InstanceConsoleException {
    public DockerEndpointException(String message) {
        super(message);
    }

    public DockerEndpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
