package io.instanceconsole.backend.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.jna.DomainPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads a domain's state <em>with its reason</em>. Thread-safe.
 *
 * @implNote libvirt-java 0.5.4 has no {@code virDomainGetState}: {@code Domain.getInfo()} gives the state but not
 * why a domain is paused (user, I/O error, migration), which is what the UI must show. So this calls
 * {@code virDomainGetState} through JNA on the binding's own domain pointer (a package-private field, read once
 * through a {@link VarHandle}). When that is not possible (another binding version) or the call fails, it falls
 * back to {@code getInfo()}, which reports the state without a reason and raises libvirt's error properly.
 */
final class DomainStateReader {
    private static final Logger LOG = LoggerFactory.getLogger(DomainStateReader.class);

    /** The one libvirt function the binding lacks. */
    interface StateApi extends Library {
        int virDomainGetState(DomainPointer domain, IntByReference state, IntByReference reason, int flags);
    }

    private final StateApi api;
    private final VarHandle pointer;

    DomainStateReader() {
        StateApi loaded = null;
        VarHandle handle = null;
        try {
            loaded = Native.load(Platform.isWindows() ? "virt-0" : "virt", StateApi.class);
            handle = MethodHandles.privateLookupIn(Domain.class, MethodHandles.lookup())
                    .findVarHandle(Domain.class, "vdp", DomainPointer.class);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("libvirt pause reasons are not available (domain states only): {}", e.toString());
        }
        this.api = loaded;
        this.pointer = handle;
    }

    DomainState read(Domain domain) throws LibvirtException {
        if (api != null && pointer != null) {
            IntByReference state = new IntByReference();
            IntByReference reason = new IntByReference();
            if (api.virDomainGetState((DomainPointer) pointer.get(domain), state, reason, 0) == 0) {
                return new DomainState(state.getValue(), reason.getValue());
            }
        }
        return new DomainState(domain.getInfo().state.ordinal(), -1);
    }
}
