package io.instanceconsole.backend.ssh;

import io.instanceconsole.domain.UnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenSSH 9.2's own words, as printed on these machines, and the sentence a user reads for each. */
class SshFailuresTest {

    @Test
    void aPasswordOnlyHostIsTold()  {
        assertThat(SshFailures.explain("lab9", "root@127.0.1.99: Permission denied (password).\n"))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("lab9 only takes password logins").hasMessageContaining("ssh agent");
    }

    @Test
    void noAcceptedKeyIsTold() {
        assertThat(SshFailures.explain("lab1", "root@127.0.1.1: Permission denied (publickey).\n"))
                .hasMessageContaining("accepted none of the keys offered");
    }

    @Test
    void refusedUnresolvedAndUnreadableKeysAreTold() {
        assertThat(SshFailures.explain("lab1:2222", "ssh: connect to host 127.0.1.1 port 2222: Connection refused\n"))
                .isInstanceOf(UnavailableException.class).hasMessageContaining("nothing accepts ssh connections at lab1:2222");
        assertThat(SshFailures.explain("nowhere", "ssh: Could not resolve hostname nowhere: Name or service not known\n"))
                .hasMessageContaining("does not resolve");
        assertThat(SshFailures.explain("lab1", "Load key \"/home/me/.ssh/id_ed25519\": Permission denied\n"
                + "root@lab1: Permission denied (publickey).\n"))
                .hasMessageContaining("accepted none");
        assertThat(SshFailures.explain("lab1", "Load key \"/home/me/.ssh/id_ed25519\": bad permissions\n"))
                .hasMessageContaining("cannot use the key file /home/me/.ssh/id_ed25519");
    }

    @Test
    void hostKeyFailuresAreRecognised() {
        assertThat(SshFailures.kind("No ED25519 host key is known for [127.0.1.1]:2222 and you have requested strict"
                + " checking.\nHost key verification failed.\n")).isEqualTo(SshFailures.Kind.HOST_KEY_UNKNOWN);
        String changed = "@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n"
                + "Offending ED25519 key in /data/ssh/known_hosts:3\nHost key verification failed.\n";
        assertThat(SshFailures.kind(changed)).isEqualTo(SshFailures.Kind.HOST_KEY_CHANGED);
        assertThat(SshFailures.offendingKey(changed)).hasValueSatisfying(
                where -> assertThat(where).containsExactly("/data/ssh/known_hosts", "3"));
        assertThat(SshFailures.kind("ssh: connect to host x port 22: Connection refused")).isEqualTo(SshFailures.Kind.OTHER);
    }
}
