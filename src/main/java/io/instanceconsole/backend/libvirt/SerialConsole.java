package io.instanceconsole.backend.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import io.instanceconsole.backend.ComputeBackend;
import io.instanceconsole.backend.LogLines;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.domain.LogLine;
import io.instanceconsole.domain.LogListener;
import io.instanceconsole.domain.UnsupportedException;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Stream;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.StreamPointer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A domain's serial console, read only: opened through libvirt ({@code virDomainOpenConsole} on a stream, as
 * {@code virsh console} does, without taking it from another session), read on a thread of its own from
 * {@link ConsoleThreads} until closed or the guest's console closes, each line told with the time it was read (the
 * console carries none). Nothing is ever written to it. A console has no history: the lines are those printed from
 * the moment it is opened. Thread-safe.
 *
 * @implNote libvirt-java 0.5.4 binds streams but not {@code virDomainOpenConsole}; like {@link DomainStateReader},
 * this calls it through JNA on the binding's own pointers (package-private fields, read through {@link VarHandle}s).
 */
final class SerialConsole {
    /** The one libvirt function the binding lacks for this. */
    interface ConsoleApi extends Library {
        int virDomainOpenConsole(DomainPointer domain, String device, StreamPointer stream, int flags);
    }

    private static final Api API = Api.load();

    private record Api(ConsoleApi api, VarHandle domainPointer, VarHandle streamPointer, String missing) {
        static Api load() {
            try {
                ConsoleApi api = Native.load(Platform.isWindows() ? "virt-0" : "virt", ConsoleApi.class);
                VarHandle domain = MethodHandles.privateLookupIn(Domain.class, MethodHandles.lookup())
                        .findVarHandle(Domain.class, "vdp", DomainPointer.class);
                VarHandle stream = MethodHandles.privateLookupIn(Stream.class, MethodHandles.lookup())
                        .findVarHandle(Stream.class, "vsp", StreamPointer.class);
                return new Api(api, domain, stream, null);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return new Api(null, null, null, e.toString());
            }
        }
    }

    private SerialConsole() {
    }

    /**
     * Opens the console of {@code domain} and starts reading it; fails with {@code UnsupportedException} naming the
     * domain when it has no serial console, or with libvirt's error.
     */
    static ComputeBackend.Subscription open(Connect connect, Domain domain, String name, ConsoleThreads threads,
                                            Clock clock, LogListener listener) throws LibvirtException {
        if (API.api() == null) {
            throw new UnsupportedException("this libvirt binding cannot open a serial console: " + API.missing());
        }
        if (!LibvirtFacts.hasSerialConsole(domain.getXMLDesc(0))) {
            throw new UnsupportedException("VM '" + name + "' has no serial console to read");
        }
        Stream stream = connect.streamNew(0);
        int opened = API.api().virDomainOpenConsole((DomainPointer) API.domainPointer().get(domain), null,
                (StreamPointer) API.streamPointer().get(stream), 0);
        if (opened != 0) {
            stream.free();
            throw new UnsupportedException("the serial console of VM '" + name + "' could not be opened (another "
                    + "session may hold it: virsh console)");
        }
        AtomicBoolean stopped = new AtomicBoolean();
        LogLines lines = new LogLines((raw, dropped) -> {
            if (!stopped.get()) {
                listener.line(new LogLine(LogLine.Source.STDOUT, clock.instant(), LogLines.printable(raw, dropped)));
            }
        });
        threads.start("ic-libvirt-console-" + name, ConsoleThreads.Priority.BACKGROUND, () -> {
            byte[] buffer = new byte[4096];
            try {
                while (!stopped.get()) {
                    int read = stream.receive(buffer);
                    if (read <= 0) {
                        break;
                    }
                    lines.add(buffer, read);
                }
                lines.flush();
                if (stopped.compareAndSet(false, true)) {
                    listener.ended("the serial console of VM '" + name + "' closed (the VM stopped)");
                }
            } catch (LibvirtException | RuntimeException e) {
                if (stopped.compareAndSet(false, true)) {
                    listener.failed("the serial console of VM '" + name + "' was cut: " + e.getMessage());
                }
            } finally {
                try {
                    stream.free();
                } catch (LibvirtException ignored) {
                    // freed while libvirt already dropped it: nothing is held
                }
            }
        });
        return () -> {
            if (stopped.compareAndSet(false, true)) {
                listener.ended(null);
                try {
                    stream.abort(); // wakes the reader blocked in receive
                } catch (LibvirtException ignored) {
                    // already ended
                }
            }
        };
    }
}
