package io.instanceconsole.service;

import io.instanceconsole.backend.lxd.LxdSettings;
import io.instanceconsole.backend.lxd.LxdTrust;
import io.instanceconsole.backend.ssh.HostTrust;
import io.instanceconsole.concurrent.ConsoleThreads;
import io.instanceconsole.backend.ssh.SshEnvironment;
import io.instanceconsole.backend.ssh.SshException;
import io.instanceconsole.domain.BackendKind;
import io.instanceconsole.domain.Connection;
import io.instanceconsole.domain.UnsupportedException;
import io.instanceconsole.testing.ServiceFixture;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which connections have a host key to trust: only those that go over ssh ({@code ssh://}, {@code qemu+ssh://});
 * any other is refused with a sentence naming it, before ssh is run. The ssh client here does not exist, so a
 * connection that does go over ssh fails where ssh is run, naming the host.
 */
class HostKeyTrustTest {
    @TempDir
    Path dataDir;

    @AutoClose
    private ServiceFixture fixture;
    private HostKeyTrust trust;

    @BeforeEach
    void services() {
        fixture = new ServiceFixture(dataDir.resolve("data"));
        SshEnvironment noSsh = new SshEnvironment(dataDir.resolve("no-such-ssh").toString(), null, null,
                dataDir.resolve("known_hosts"), dataDir.resolve("run"), Duration.ofSeconds(5));
        trust = new HostKeyTrust(new HostTrust(noSsh), new LxdTrust(dataDir.resolve("data"), new ConsoleThreads(),
                LxdSettings.defaults()), fixture.connectionManager());
    }

    private static Connection connection(String name, BackendKind kind, String uri) {
        return new Connection("conn-" + name, name, kind, uri, "", false, true);
    }

    @Test
    void aConnectionThatDoesNotGoOverSshHasNoHostKeyToTrust() {
        Connection socket = connection("local", BackendKind.DOCKER, "unix:///var/run/docker.sock");
        Connection tls = connection("tls", BackendKind.DOCKER, "tcp://lab1:2376");
        Connection system = connection("system", BackendKind.LIBVIRT, "qemu:///system");

        assertThatThrownBy(() -> trust.presented(socket))
                .isInstanceOf(UnsupportedException.class)
                .hasMessage("connection 'local' (unix:///var/run/docker.sock) does not go over ssh, so it has no host"
                        + " key to trust");
        assertThatThrownBy(() -> trust.trust(tls, "SHA256:abc"))
                .isInstanceOf(UnsupportedException.class).hasMessageContaining("connection 'tls' (tcp://lab1:2376)");
        assertThatThrownBy(() -> trust.presented(system))
                .isInstanceOf(UnsupportedException.class).hasMessageContaining("'system' (qemu:///system)");
    }

    @Test
    void anSshOrLibvirtOverSshConnectionIsAskedOfSshForItsHost() {
        Connection docker = connection("dock", BackendKind.DOCKER, "ssh://me@lab9");
        Connection libvirt = connection("virt", BackendKind.LIBVIRT, "qemu+ssh://root@lab8/system");

        assertThatThrownBy(() -> trust.presented(docker))
                .isInstanceOf(SshException.class).hasMessageContaining("reading the ssh configuration for lab9");
        assertThatThrownBy(() -> trust.trust(libvirt, "SHA256:abc"))
                .isInstanceOf(SshException.class).hasMessageContaining("reading the ssh configuration for lab8");
    }

    @Test
    void aTrustNeedsAFingerprint() {
        Connection docker = connection("dock", BackendKind.DOCKER, "ssh://me@lab9");

        assertThatThrownBy(() -> trust.trust(docker, null))
                .isInstanceOf(NullPointerException.class).hasMessage("fingerprint was not specified");
    }
}
