package io.instanceconsole.backend.lxd;

import io.instanceconsole.domain.InstanceConsoleException;

/** LXD answered, and refused or failed the request for a reason that is not the instance's state. */
public class LxdOperationException extends InstanceConsoleException {
    public LxdOperationException(String message) {
        super(message);
    }
}
