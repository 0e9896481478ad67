package io.instanceconsole.store;

import io.instanceconsole.domain.InstanceConsoleException;

/** The state store cannot be opened, read or written. The message names the file and the problem. */
public class StoreException extends InstanceConsoleException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
