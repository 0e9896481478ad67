package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.InstanceConsoleException;

/**
 * libvirt refused or failed an operation for a reason that is neither a wrong state, a missing domain, a missing
 * feature, nor an unreachable host (for example a guest that ignored a graceful shutdown). It does not count against
 * the circuit breaker; the service treats the outcome as unknown and settles it from what libvirt then reports.
 */
public class LibvirtOperationException extends InstanceConsoleException {
    public LibvirtOperationException(String message) {
        super(message);
    }

    public LibvirtOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
