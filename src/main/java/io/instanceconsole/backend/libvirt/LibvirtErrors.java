package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.ConflictException;
import io.instanceconsole.domain.InstanceConsoleException;
import io.instanceconsole.domain.NotFoundException;
import io.instanceconsole.domain.ReadOnlyException;
import io.instanceconsole.domain.UnavailableException;
import io.instanceconsole.domain.UnsupportedException;
import org.libvirt.Error;
import org.libvirt.LibvirtException;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static org.libvirt.Error.ErrorNumber.*;

/**
 * Maps libvirt errors to the console's domain exceptions. Drivers differ: the same mistake is
 * {@code VIR_ERR_OPERATION_INVALID} on QEMU and {@code VIR_ERR_INTERNAL_ERROR} ("not paused") on the test driver.
 * Stateless and thread-safe.
 */
final class LibvirtErrors {
    /** The host or the way to it failed: the only errors that count against the circuit breaker. */
    private static final Set<Error.ErrorNumber> UNAVAILABLE = EnumSet.of(VIR_ERR_NO_CONNECT, VIR_ERR_INVALID_CONN,
            VIR_ERR_SYSTEM_ERROR, VIR_ERR_RPC, VIR_ERR_OPERATION_TIMEOUT, VIR_ERR_AUTH_FAILED, VIR_ERR_AUTH_CANCELLED,
            VIR_ERR_AUTH_UNAVAILABLE, VIR_ERR_SSH, VIR_ERR_LIBSSH, VIR_ERR_GNUTLS_ERROR, VIR_ERR_NO_SERVER,
            VIR_ERR_UNKNOWN_HOST, VIR_ERR_RESOURCE_BUSY, VIR_ERR_NO_MEMORY);
    private static final Set<Error.ErrorNumber> UNSUPPORTED = EnumSet.of(VIR_ERR_NO_SUPPORT,
            VIR_ERR_OPERATION_UNSUPPORTED, VIR_ERR_ARGUMENT_UNSUPPORTED);
    /** How the test driver words a wrong state under VIR_ERR_INTERNAL_ERROR ("domain 'x' not paused"). */
    private static final Pattern TEST_DRIVER_WRONG_STATE =
            Pattern.compile("not paused|not running|already running|is not running|is running|already active");
    /** How a closed client connection is worded under VIR_ERR_INTERNAL_ERROR. */
    private static final Pattern CLOSED = Pattern.compile("client socket is closed|connection closed|End of file");

    private LibvirtErrors() {
    }

    static boolean isNoDomain(LibvirtException e) {
        return code(e) == VIR_ERR_NO_DOMAIN;
    }

    static boolean isWrongState(LibvirtException e) {
        Error.ErrorNumber code = code(e);
        return code == VIR_ERR_OPERATION_INVALID
                || code == VIR_ERR_INTERNAL_ERROR && TEST_DRIVER_WRONG_STATE.matcher(message(e)).find();
    }

    static boolean isUnsupported(LibvirtException e) {
        return UNSUPPORTED.contains(code(e));
    }

    /**
     * The domain exception for a failed call.
     *
     * @param what what was attempted, naming the domain and host, e.g. {@code pause of 'web' on 'lab' (qemu:///system)}
     */
    static InstanceConsoleException translate(LibvirtException e, String what) {
        Error.ErrorNumber code = code(e);
        String text = what + " failed: " + message(e);
        if (code == VIR_ERR_NO_DOMAIN) {
            return new NotFoundException(text, e);
        }
        if (isWrongState(e)) {
            return new ConflictException(text, e);
        }
        if (code == VIR_ERR_OPERATION_DENIED || code == VIR_ERR_ACCESS_DENIED) {
            return new ReadOnlyException(text, e);
        }
        if (isUnsupported(e)) {
            return new UnsupportedException(text, e);
        }
        if (UNAVAILABLE.contains(code) || isClosedConnection(e)) {
            return new UnavailableException(text, e);
        }
        return new LibvirtOperationException(text, e);
    }

    /**
     * The exception for a connection that could not be opened: one that can never work as configured (malformed URI,
     * unknown driver) or an unreachable host.
     */
    static InstanceConsoleException translateOpen(LibvirtException e, String uri) {
        Error.ErrorNumber code = code(e);
        String text = "cannot connect to libvirt at '" + uri + "': " + message(e);
        String lower = message(e).toLowerCase(Locale.ROOT);
        if (lower.contains("no connection driver available") || lower.contains("unable to parse uri")
                || lower.contains("malformed") || code == VIR_ERR_INVALID_ARG) {
            return new InvalidConnectionException(text, e);
        }
        return new UnavailableException(text, e);
    }

    static String message(LibvirtException e) {
        Error error = e.getError();
        String message = error == null ? null : error.getMessage();
        return message == null || message.isBlank() ? String.valueOf(code(e)) : message.strip();
    }

    private static boolean isClosedConnection(LibvirtException e) {
        Error error = e.getError();
        return error != null && (error.getDomain() == Error.ErrorDomain.VIR_FROM_RPC
                || code(e) == VIR_ERR_INTERNAL_ERROR && CLOSED.matcher(message(e)).find());
    }

    private static Error.ErrorNumber code(LibvirtException e) {
        Error error = e.getError();
        return error == null ? VIR_ERR_UNKNOWN : error.getCode();
    }
}
