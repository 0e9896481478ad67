package io.instanceconsole.domain;

/** The instance is not in a state that allows the action (a user mistake or a race, never a sick host). */
public class ConflictException extends InstanceConsoleException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
