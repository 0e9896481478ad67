package io.instanceconsole.backend.libvirt;

import io.instanceconsole.domain.InstanceFacts;
import io.instanceconsole.domain.InstanceKey;
import io.instanceconsole.domain.UnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A domain's facts from its XML: disks, NICs, consoles, and whether it has a console libvirt can open. */
class LibvirtFactsTest {
    private static final InstanceKey KEY = new InstanceKey("lab", "1df7d211-a1e3-4b4c-ab7c-ed5b144b1e59");
    private static final String XML = """
            <domain type='kvm'>
              <name>db-1</name>
              <memory unit='KiB'>2097152</memory>
              <os><type arch='x86_64' machine='q35'>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><source file='/var/lib/libvirt/images/db-1.qcow2'/><target dev='vda'/></disk>
                <disk type='file' device='cdrom'><target dev='sda'/><readonly/></disk>
                <interface type='network'><mac address='52:54:00:aa:bb:cc'/><source network='default'/><model type='virtio'/></interface>
                <graphics type='vnc' port='5901'/>
                <serial type='file'><source path='/tmp/serial.log'/><target port='0'/></serial>
              </devices>
            </domain>""";

    @Test
    void disksNicsAndGraphicsAsVirshShowsThem() {
        InstanceFacts facts = LibvirtFacts.of(KEY, XML, new LibvirtFacts.Runtime("running (booted)", 2, 1048576, true, false),
                Instant.EPOCH);

        assertThat(facts.value("vda (disk)")).contains("/var/lib/libvirt/images/db-1.qcow2");
        assertThat(facts.value("sda (cdrom)")).contains("no source (empty drive) (read-only)");
        assertThat(facts.value("MAC 52:54:00:aa:bb:cc")).contains("network default · virtio");
        assertThat(facts.value("Graphics")).contains("vnc on port 5901");
        assertThat(facts.value("Memory")).contains("2097152 KiB");
        assertThat(facts.value("Current memory (balloon)")).contains("1048576 KiB");
        assertThat(facts.value("OS type")).contains("hvm · x86_64 · q35");
        assertThat(facts.value("Persistent")).contains("yes (defined)");
    }

    @Test
    void onlyASerialPortOrConsoleOnAPtyCanBeOpenedAsTheConsole() {
        assertThat(LibvirtFacts.hasSerialConsole(XML)).as("a serial port that writes a file").isFalse();
        assertThat(LibvirtFacts.hasSerialConsole(XML.replace("<serial type='file'><source path='/tmp/serial.log'/>",
                "<serial type='pty'>"))).isTrue();
        assertThat(LibvirtFacts.hasSerialConsole("<domain><devices/></domain>")).isFalse();
    }

    @Test
    void anExternalEntityIsRefused() {
        String hostile = "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain><name>&x;</name></domain>";
        assertThatThrownBy(() -> LibvirtFacts.hasSerialConsole(hostile)).isInstanceOf(UnavailableException.class);
    }
}
