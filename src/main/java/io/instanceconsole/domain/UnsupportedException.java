package io.instanceconsole.domain;

/** The backend cannot do this action at all; the UI disables it and says why. */
public class UnsupportedException extends InstanceConsoleException {
    public UnsupportedException(String message) {
        super(message);
    }

    public UnsupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
