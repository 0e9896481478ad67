package io.instanceconsole.domain;

/** The host could not be reached or failed (I/O, 5xx, breaker open). Counts against the circuit breaker. */
public class UnavailableException extends InstanceConsoleException {
    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
