package io.instanceconsole.backend.libvirt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LibvirtUrisTest {

    @Test
    void localUrisAreLeftAlone() {
        assertThat(LibvirtUris.forLibvirt("qemu:///system")).isEqualTo("qemu:///system");
        assertThat(LibvirtUris.forLibvirt(" test:///default ")).isEqualTo("test:///default");
        assertThat(LibvirtUris.forLibvirt("qemu+unix:///system?socket=/tmp/s")).isEqualTo("qemu+unix:///system?socket=/tmp/s");
    }

    @Test
    void sshUrisAreMadeNonInteractive() {
        assertThat(LibvirtUris.forLibvirt("qemu+ssh://ann@host/system")).isEqualTo("qemu+ssh://ann@host/system?no_tty=1");
        assertThat(LibvirtUris.forLibvirt("qemu+ssh://ann@host/system?keyfile=/k"))
                .isEqualTo("qemu+ssh://ann@host/system?keyfile=/k&no_tty=1");
        assertThat(LibvirtUris.forLibvirt("qemu+libssh2://host/system?no_tty=0")).isEqualTo("qemu+libssh2://host/system?no_tty=0");
    }

    @Test
    void malformedUrisAndUnknownDriversAreRefusedNamingTheUri() {
        assertThatThrownBy(() -> LibvirtUris.forLibvirt("qemu:// /x y")).isInstanceOf(InvalidConnectionException.class)
                .hasMessageContaining("'qemu:// /x y'").hasMessageContaining("malformed");
        assertThatThrownBy(() -> LibvirtUris.forLibvirt("/system")).isInstanceOf(InvalidConnectionException.class)
                .hasMessageContaining("names no driver");
        assertThatThrownBy(() -> LibvirtUris.forLibvirt("kvm:///system")).isInstanceOf(InvalidConnectionException.class)
                .hasMessageContaining("no libvirt driver 'kvm'");
    }
}
