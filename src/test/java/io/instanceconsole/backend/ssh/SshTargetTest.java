package io.instanceconsole.backend.ssh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SshTargetTest {

    @Test
    void takesUserHostPortAndSocketAsTheDockerCliDoes() {
        SshTarget target = SshTarget.parse("ssh://me@lab1:2222/run/user/1000/docker.sock");

        assertThat(target.user()).isEqualTo("me");
        assertThat(target.host()).isEqualTo("lab1");
        assertThat(target.port()).isEqualTo(2222);
        assertThat(target.socket()).contains("/run/user/1000/docker.sock");
        assertThat(target.portAndUserOptions()).containsExactly("-p", "2222", "-l", "me");
    }

    @Test
    void leavesUserAndPortToTheSshConfigurationWhenTheUriGivesNone() {
        SshTarget target = SshTarget.parse("ssh://lab1");

        assertThat(target.user()).isNull();
        assertThat(target.port()).isZero();
        assertThat(target.socket()).isEmpty();
        assertThat(target.portAndUserOptions()).isEmpty();
    }

    @Test
    void acceptsAnSshConfigAliasThatIsNoDnsName() {
        SshTarget target = SshTarget.parse("ssh://me@lab_1:22");

        assertThat(target.host()).isEqualTo("lab_1");
        assertThat(target.port()).isEqualTo(22);
    }

    @Test
    void refusesAPasswordWithoutRepeatingIt() {
        assertThatThrownBy(() -> SshTarget.parse("ssh://me:hunter2@lab1"))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("a password in an ssh URI is refused")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void refusesAQueryAndAFragment() {
        assertThatThrownBy(() -> SshTarget.parse("ssh://lab1?x=1")).hasMessageContaining("takes no query ('?x=1')");
        assertThatThrownBy(() -> SshTarget.parse("ssh://lab1#frag")).hasMessageContaining("takes no fragment");
    }

    @Test
    void refusesWhatNoHostCanBe() {
        assertThatThrownBy(() -> SshTarget.parse("ssh://")).hasMessageContaining("'ssh://' is not an ssh endpoint");
        assertThatThrownBy(() -> SshTarget.parse("ssh://lab1:70000")).hasMessageContaining("not between 1 and 65535");
        assertThatThrownBy(() -> SshTarget.parse("ssh://-lab1")).hasMessageContaining("may not start with '-'");
        assertThatThrownBy(() -> SshTarget.parse("ssh://lab 1")).isInstanceOf(SshException.class)
                .hasMessageContaining("'ssh://lab 1'");
    }

    @Test
    void findsTheSshEndOfALibvirtUri() {
        SshTarget target = SshTarget.forUri("qemu+ssh://root@127.0.1.2:2222/system?socket=/run/libvirt/libvirt-sock");

        assertThat(target.destination()).isEqualTo("root@127.0.1.2");
        assertThat(target.port()).isEqualTo(2222);
        assertThatThrownBy(() -> SshTarget.forUri("qemu:///system")).hasMessageContaining("does not reach its host over ssh");
    }
}
