package dev.kairos.mfa;

import dev.kairos.store.EnrollmentRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * What binds a pending set-up to whoever may finish it, kept in {@link EnrollmentRecord#binding()} as text stores
 * need not understand: the SHA-256 hash of the set-up handle {@link Enrollments#begin} returned (the handle itself is
 * never stored), and an enrollment ticket's hash, expiry and issuer while the ticket waits to be used.
 *
 * <p>Handles have 128 random bits and tickets 79 (the recovery-code alphabet, see {@link RecoveryCodes}), so a plain
 * SHA-256 is enough: nobody can try 2<sup>79</sup> inputs against a stolen hash, and no salt is needed. Hashes are
 * compared with {@link MessageDigest#isEqual}. Format: {@code v1} then {@code .h<hash>}, {@code .t<hash>},
 * {@code .e<expiry millis>}, {@code .i<issuer, Base64url>}, each optional; unknown parts are ignored.
 *
 * @param handleHash the set-up handle's hash, when a set-up was begun
 * @param ticketHash the waiting enrollment ticket's hash
 * @param ticketExpiresAt until when the ticket can be used (present with the ticket)
 * @param ticketIssuer who issued the ticket, as events name actors (present with the ticket)
 */
record Binding(Optional<String> handleHash, Optional<String> ticketHash, Optional<Instant> ticketExpiresAt,
        Optional<String> ticketIssuer) {

    static final Binding NONE = new Binding(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int HANDLE_BYTES = 16;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A new unguessable handle: 128 bits from {@link SecureRandom}, Base64url (22 characters). */
    static String newHandle() {
        byte[] bytes = new byte[HANDLE_BYTES];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** SHA-256 of the text, Base64url. */
    static String hash(String text) {
        try {
            return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(
                    text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static Binding handle(String handle) {
        return new Binding(Optional.of(hash(handle)), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Binding ticket(String normalizedTicket, Instant expiresAt, String issuer) {
        return new Binding(Optional.empty(), Optional.of(hash(normalizedTicket)), Optional.of(expiresAt),
                Optional.of(issuer));
    }

    static Binding of(EnrollmentRecord r) {
        return r.binding().map(Binding::decode).orElse(NONE);
    }

    /** True if this binding names the set-up this handle started (constant time in the hash). */
    boolean handleMatches(String handle) {
        return handle != null && handleHash.isPresent() && MessageDigest.isEqual(
                handleHash.get().getBytes(StandardCharsets.US_ASCII), hash(handle).getBytes(StandardCharsets.US_ASCII));
    }

    /** True if a ticket waits and is not expired at {@code now}. */
    boolean ticketWaits(Instant now) {
        return ticketHash.isPresent() && ticketExpiresAt.isPresent() && now.isBefore(ticketExpiresAt.get());
    }

    boolean ticketMatches(String normalizedTicket) {
        return ticketHash.isPresent() && MessageDigest.isEqual(ticketHash.get().getBytes(StandardCharsets.US_ASCII),
                hash(normalizedTicket).getBytes(StandardCharsets.US_ASCII));
    }

    /** The text a record keeps, or empty when nothing is bound. */
    Optional<String> encoded() {
        if (this.equals(NONE)) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("v1");
        handleHash.ifPresent(h -> sb.append(".h").append(h));
        ticketHash.ifPresent(t -> sb.append(".t").append(t));
        ticketExpiresAt.ifPresent(e -> sb.append(".e").append(e.toEpochMilli()));
        ticketIssuer.ifPresent(i -> sb.append(".i").append(B64.encodeToString(i.getBytes(StandardCharsets.UTF_8))));
        return Optional.of(sb.toString());
    }

    /** Reads what {@link #encoded()} wrote; a binding this version cannot read binds nothing it can match. */
    static Binding decode(String text) {
        String[] parts = text.split("\\.");
        if (parts.length == 0 || !parts[0].equals("v1")) {
            return NONE;
        }
        Optional<String> h = Optional.empty();
        Optional<String> t = Optional.empty();
        Optional<Instant> e = Optional.empty();
        Optional<String> i = Optional.empty();
        try {
            for (int k = 1; k < parts.length; k++) {
                String part = parts[k];
                if (part.isEmpty()) {
                    continue;
                }
                String value = part.substring(1);
                switch (part.charAt(0)) {
                    case 'h' -> h = Optional.of(value);
                    case 't' -> t = Optional.of(value);
                    case 'e' -> e = Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
                    case 'i' -> i = Optional.of(new String(B64D.decode(value), StandardCharsets.UTF_8));
                    default -> {
                        // a part of a later version: ignored
                    }
                }
            }
        } catch (IllegalArgumentException ex) {
            return NONE;
        }
        return new Binding(h, t, e, i);
    }
}
