package io.instanceconsole.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the console says when a host presents a key it does not trust: a first contact names the fingerprint to
 * check; a changed key names both fingerprints and where the old one is written; the host badge tells the two apart
 * from the message alone (it is all a badge gets).
 */
class UntrustedHostKeyExceptionTest {
    @Test
    void aFirstContactNamesTheKeyToCheckAndThatNothingWasSent() {
        UntrustedHostKeyException e = new UntrustedHostKeyException("lab1:2222", "ED25519", "SHA256:new", null, null);

        assertThat(e).hasMessage("the host key of lab1:2222 is not trusted yet: ED25519 SHA256:new; nothing was sent");
        assertThat(e.changed()).isFalse();
        assertThat(e.host()).isEqualTo("lab1:2222");
        assertThat(e.keyType()).isEqualTo("ED25519");
        assertThat(e.presentedFingerprint()).isEqualTo("SHA256:new");
        assertThat(e.knownFingerprint()).isNull();
        assertThat(e.knownWhere()).isNull();
        assertThat(e).isInstanceOf(UnavailableException.class);
    }

    @Test
    void aChangedKeyNamesBothFingerprintsAndWhereTheTrustedOneIs() {
        UntrustedHostKeyException e = new UntrustedHostKeyException("lab1", "ECDSA", "SHA256:new", "SHA256:old",
                "/home/me/.ssh/known_hosts:3");

        assertThat(e).hasMessage("the host key of lab1 has CHANGED: it presents ECDSA SHA256:new, but SHA256:old was"
                + " trusted (/home/me/.ssh/known_hosts:3); nothing was sent (this can be an attack: ask the host's"
                + " administrator)");
        assertThat(e.changed()).isTrue();
        assertThat(e.knownFingerprint()).isEqualTo("SHA256:old");
        assertThat(e.knownWhere()).isEqualTo("/home/me/.ssh/known_hosts:3");
    }

    @Test
    void aChangedKeyWhoseFileIsNotKnownLeavesTheFileOut() {
        UntrustedHostKeyException e = new UntrustedHostKeyException("lab1", "ECDSA", "SHA256:new", "SHA256:old", null);

        assertThat(e.getMessage()).contains("but SHA256:old was trusted; nothing was sent").doesNotContain("null");
    }

    @Test
    void theBadgeTellsAnUntrustedKeyFromAChangedOneAndLeavesOtherErrorsAlone() {
        String unknown = new UntrustedHostKeyException("lab1", "ED25519", "SHA256:a", null, null).getMessage();
        String changed = new UntrustedHostKeyException("lab1", "ED25519", "SHA256:a", "SHA256:b", null).getMessage();

        assertThat(UntrustedHostKeyException.badgeOf(unknown)).contains("host key not trusted");
        assertThat(UntrustedHostKeyException.badgeOf(changed)).contains("host key changed");
        assertThat(UntrustedHostKeyException.badgeOf("connection refused by lab1")).isEmpty();
        assertThat(UntrustedHostKeyException.badgeOf(null)).isEmpty();
    }

    @Test
    void theHostAndThePresentedKeyAreRequired() {
        assertThatThrownBy(() -> new UntrustedHostKeyException(null, "ED25519", "SHA256:a", null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("host was not specified");
        assertThatThrownBy(() -> new UntrustedHostKeyException("lab1", "ED25519", null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("presented was not specified");
    }
}
