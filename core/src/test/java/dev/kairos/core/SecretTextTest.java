package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.CharBuffer;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

/**
 * {@link Secret#fromBase32} keeps its promise about the secret text: it reads the characters without making a
 * String of them, so a caller that passes a wipeable buffer can wipe it; and its own decoder agrees with
 * commons-codec's.
 */
class SecretTextTest {

    /** A CharSequence that fails the test if anyone turns it into a String. */
    private record NoStrings(char[] text) implements CharSequence {
        @Override
        public int length() {
            return text.length;
        }

        @Override
        public char charAt(int index) {
            return text[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            throw new AssertionError("fromBase32 copied the secret text with subSequence");
        }

        @Override
        public String toString() {
            throw new AssertionError("fromBase32 made a String of the secret text");
        }
    }

    @Test
    void readsTheTextWithoutMakingAStringOfIt() {
        char[] typed = "jbsw y3dp-ehpk 3pxp jbsw y3dp ehpk 3pxp".toCharArray();

        Secret secret = Secret.fromBase32(new NoStrings(typed));

        assertEquals("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", secret.toBase32());
    }

    @Test
    void aCallerCanWipeTheCharArrayItPassedAndTheSecretStaysIntact() {
        char[] typed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP".toCharArray();

        Secret secret = Secret.fromBase32(CharBuffer.wrap(typed));
        Arrays.fill(typed, '\0');

        assertEquals("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", secret.toBase32());
    }

    @Property(tries = 500)
    void decodesExactlyAsCommonsCodecDoes(@ForAll @Size(min = 16, max = 128) byte[] key) {
        String text = new Base32().encodeAsString(key);
        assertArrayEquals(new Base32().decode(text), Secret.fromBase32(text).bytes());
        String unpadded = text.replace("=", "").toLowerCase(java.util.Locale.ROOT);
        assertArrayEquals(key, Secret.fromBase32(unpadded).bytes());
    }
}
