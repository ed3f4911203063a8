package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Base32 round trips of {@link Secret}, in every form a person may type a key. */
class SecretProperties {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(Secret.MIN_LENGTH).ofMaxSize(Secret.MAX_LENGTH);
    }

    /** RFC 4648 §6 Base32 without padding, written out bit by bit, independent of commons-codec. */
    private static String referenceBase32(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    @Property(tries = 500)
    void toBase32IsUnpaddedUpperCaseRfc4648AndReadsBack(@ForAll("keys") byte[] key) {
        Secret secret = Secret.fromBytes(key);

        String base32 = secret.toBase32();

        assertEquals(referenceBase32(key), base32);
        Secret back = Secret.fromBase32(base32);
        assertEquals(secret, back);
        assertArrayEquals(key, back.bytes());
    }

    @Property(tries = 500)
    void lowerCaseGroupedHyphenatedAndPaddedFormsReadBackToTheSameKey(@ForAll("keys") byte[] key,
            @ForAll @IntRange(min = 1, max = 9) int groupSize) {
        String base32 = Secret.fromBytes(key).toBase32();
        String padded = base32 + "=".repeat((8 - base32.length() % 8) % 8);

        for (String form : new String[] {
            base32.toLowerCase(Locale.ROOT),
            group(base32, groupSize, " "),
            group(base32, groupSize, "-"),
            group(base32.toLowerCase(Locale.ROOT), groupSize, " - "),
            padded,
            padded.toLowerCase(Locale.ROOT),
            group(base32, groupSize, " ") + " " + "=".repeat((8 - base32.length() % 8) % 8),
            "  " + base32 + "  ",
        }) {
            assertArrayEquals(key, Secret.fromBase32(form).bytes(), form);
        }
    }

    @Property(tries = 500)
    void theManualEntryKeyIsGroupsOfFourAndReadsBack(@ForAll("keys") byte[] key) {
        Secret secret = Secret.fromBytes(key);

        String manual = secret.toManualEntryKey();

        assertEquals(group(secret.toBase32(), 4, " "), manual);
        assertTrue(manual.matches("[A-Z2-7]{1,4}( [A-Z2-7]{1,4})*"), manual);
        assertEquals(secret, Secret.fromBase32(manual));
    }

    private static String group(String s, int size, String separator) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i += size) {
            if (i > 0) {
                sb.append(separator);
            }
            sb.append(s, i, Math.min(s.length(), i + size));
        }
        return sb.toString();
    }
}
