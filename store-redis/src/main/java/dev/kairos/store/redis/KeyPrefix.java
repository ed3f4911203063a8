package dev.kairos.store.redis;

import java.util.Objects;

/** Checks the key prefixes of the store and the guard. */
final class KeyPrefix {
    /** The longest key prefix, in characters. */
    static final int MAX_LENGTH = 64;

    private KeyPrefix() {
    }

    static String check(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty() || prefix.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("key prefix must be 1 to " + MAX_LENGTH + " characters, got "
                    + prefix.length());
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            // Printable ASCII without space; no braces, so that the key's hash slot (Redis Cluster) never depends on
            // the prefix cutting into a {hash tag}.
            if (c < 0x21 || c > 0x7e || c == '{' || c == '}') {
                throw new IllegalArgumentException("key prefix must be printable ASCII without spaces or braces; "
                        + "position " + (i + 1) + " is not");
            }
        }
        return prefix;
    }
}
