package io.instanceconsole.domain;

/** The instance (or connection) does not exist on its backend. */
public class NotFoundException extends InstanceConsoleException {
    public NotFoundException(String message) {
        super(message);
    }

    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
