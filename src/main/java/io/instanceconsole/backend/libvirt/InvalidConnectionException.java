package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.InstanceConsoleException;

/**
 * A libvirt connection that can never work as configured: a malformed URI, or a driver this libvirt does not have.
 * Unlike an unreachable daemon, retrying does not help; the user has to change the connection.
 */
public class InvalidConnectionException extends InstanceConsoleException {
    public InvalidConnectionException(String message) {
        super(message);
    }

    public InvalidConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
