package io.instanceconsole.domain;

/** The connection is read-only, so every mutating action is refused before it reaches the host. */
public class ReadOnlyException extends InstanceConsoleException {
    public ReadOnlyException(String message) {
        super(message);
    }

    public ReadOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
