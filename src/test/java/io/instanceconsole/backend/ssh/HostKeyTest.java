package io.instanceconsole.backend.ssh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostKeyTest {
    /** A real ed25519 host key and the fingerprint {@code ssh-keygen -lf} prints for it. */
    private static final String LINE = "[127.0.0.1]:2299 ssh-ed25519 "
            + "AAAAC3NzaC1lZDI1NTE5AAAAIKPgFr99VpOKHTzMk2XuTTV+UfYHUCNKYfcKnIM+dN7p";
    private static final String SSH_KEYGEN_FINGERPRINT = "SHA256:XB0y5A1S0G5XGAlS1SQh4oP43XvPKLSkFwR4q1ERY+U";

    @Test
    void fingerprintIsTheOneSshKeygenShows() {
        HostKey key = HostKey.parse(LINE).orElseThrow();

        assertThat(key.fingerprint()).isEqualTo(SSH_KEYGEN_FINGERPRINT);
        assertThat(key.type()).isEqualTo("ED25519");
        assertThat(key.hosts()).isEqualTo("[127.0.0.1]:2299");
        assertThat(key.line()).isEqualTo(LINE);
    }

    @Test
    void skipsCommentsMarkersAndGarbage() {
        assertThat(HostKey.parse("# a comment")).isEmpty();
        assertThat(HostKey.parse("@revoked * ssh-ed25519 AAAA")).isEmpty();
        assertThat(HostKey.parse("host ssh-ed25519 !!!notbase64")).isEmpty();
        assertThat(HostKey.parse("")).isEmpty();
    }

    @Test
    void fingerprintsCompareWithOrWithoutPrefixAndPadding() {
        assertThat(HostKey.sameFingerprint(SSH_KEYGEN_FINGERPRINT, "XB0y5A1S0G5XGAlS1SQh4oP43XvPKLSkFwR4q1ERY+U=")).isTrue();
        assertThat(HostKey.sameFingerprint(SSH_KEYGEN_FINGERPRINT, "sha256:XB0y5A1S0G5XGAlS1SQh4oP43XvPKLSkFwR4q1ERY+U")).isTrue();
        assertThat(HostKey.sameFingerprint(SSH_KEYGEN_FINGERPRINT, "SHA256:Wqu2ISGj2UZUQn9PR3oFgcO2ecoytYFIVKulV5gB+xE")).isFalse();
    }
}
