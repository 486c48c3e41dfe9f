package io.ctops.core.users;

/** A TOTP secret being enrolled: typed in by hand ({@code secret}) or scanned from the QR code of {@code uri}. */
public record TotpEnrolment(String secret, String uri) {
}
