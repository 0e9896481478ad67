package io.instanceconsole.domain;

/**
 * Root of the errors the console reports to users. Messages are written for people: they name the
 * instance, host, URI or file concerned and what is wrong with it.
 */
public abstract class InstanceConsoleException extends RuntimeException {
    protected InstanceConsoleException(String message) {
        super(message);
    }

    protected InstanceConsoleException(String message, Throwable cause) {
        super(message, cause);
    }
}
