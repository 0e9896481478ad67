package io.instanceconsole.domain;

/**
 * The ssh host key a host presents: where, its type ({@code ED25519}) and its SHA256 fingerprint, as ssh's own
 * prompt shows them. Immutable.
 */
public record PresentedHostKey(String host, String type, String fingerprint) {
}
