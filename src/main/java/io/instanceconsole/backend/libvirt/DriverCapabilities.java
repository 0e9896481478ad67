package io.instanceconsole.backend.libvirt;

import io.instanceconsole.backend.Capabilities;
import io.instanceconsole.domain.Action;

import java.util.Locale;

/**
 * What a libvirt driver cannot do at all, known before anyone tries. Everything else is learned from
 * {@code VIR_ERR_NO_SUPPORT} at the first attempt (see {@link LibvirtBackend#perform}). Stateless and thread-safe.
 */
final class DriverCapabilities {
    private DriverCapabilities() {
    }

    /** @param driver libvirt's driver name ({@code virConnectGetType}): QEMU, Test, LXC, BHYVE, ... */
    static Capabilities of(String driver) {
        Capabilities all = Capabilities.all();
        return switch (driver.toUpperCase(Locale.ROOT)) {
            // bhyve has no virDomainSuspend/virDomainResume.
            case "BHYVE" -> all.without(Action.PAUSE, "libvirt's bhyve driver cannot suspend domains")
                    .without(Action.RESUME, "libvirt's bhyve driver cannot suspend or resume domains");
            default -> all;
        };
    }
}
