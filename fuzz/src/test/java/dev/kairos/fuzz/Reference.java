package dev.kairos.fuzz;

import dev.kairos.core.HmacAlgorithm;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An independent RFC 4226 §5.3 / RFC 6238 code generator straight on the JCA, the oracle of the fuzz tests. */
final class Reference {

    private Reference() {
    }

    /** The code of a counter (HOTP) or time step (TOTP), zero-padded to {@code digits} ASCII digits. */
    static String code(HmacAlgorithm algorithm, byte[] key, long counter, int digits) {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName());
            mac.init(new SecretKeySpec(key, algorithm.jcaName()));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
            int offset = h[h.length - 1] & 0x0f;
            long binary = ((h[offset] & 0x7fL) << 24) | ((h[offset + 1] & 0xffL) << 16)
                    | ((h[offset + 2] & 0xffL) << 8) | (h[offset + 3] & 0xffL);
            long modulus = 1;
            for (int i = 0; i < digits; i++) {
                modulus *= 10;
            }
            StringBuilder s = new StringBuilder(Long.toString(binary % modulus));
            while (s.length() < digits) {
                s.insert(0, '0');
            }
            return s.toString();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Tells whether a text is exactly {@code digits} ASCII digits. */
    static boolean wellFormed(CharSequence code, int digits) {
        if (code == null || code.length() != digits) {
            return false;
        }
        for (int i = 0; i < digits; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
