package io.instanceconsole.backend.ssh;

import io.instanceconsole.domain.InstanceConsoleException;

/** An ssh endpoint or set-up that cannot work as given (not a network failure): the message says what to change. */
public final class SshException extends InstanceConsoleException {
    public SshException(String message) {
        super(message);
    }

    public SshException(String message, Throwable cause) {
        super(message, cause);
    }
}
