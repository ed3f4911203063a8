package dev.kairos.store.jdbc;

import dev.kairos.store.RecoveryCodeHash;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code recovery_codes} column: each code as {@code 'U'} (used) or {@code 'A'} (available) followed by its
 * {@link RecoveryCodeHash#encoded()}, separated by single spaces, in issue order. A space can separate the tokens
 * because an encoded hash is printable ASCII without spaces.
 */
final class RecoveryCodesColumn {
    /** The longest encoded column: 100 codes of 1 + 200 characters and 99 spaces. */
    static final int MAX_LENGTH = 20_200;

    private RecoveryCodesColumn() {
    }

    static String encode(List<RecoveryCodeHash> codes) {
        StringBuilder sb = new StringBuilder(codes.size() * 100);
        for (RecoveryCodeHash code : codes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(code.used() ? 'U' : 'A').append(code.encoded());
        }
        return sb.toString();
    }

    /**
     * Decodes the column.
     *
     * @throws IllegalArgumentException if the column is not in this format
     */
    static List<RecoveryCodeHash> decode(String column) {
        if (column == null) {
            throw new IllegalArgumentException("recovery_codes is NULL; expected '' for none");
        }
        if (column.isEmpty()) {
            return List.of();
        }
        List<RecoveryCodeHash> codes = new ArrayList<>();
        int start = 0;
        while (start <= column.length()) {
            int end = column.indexOf(' ', start);
            if (end < 0) {
                end = column.length();
            }
            if (end - start < 2) {
                throw new IllegalArgumentException("recovery_codes has an empty or truncated token at character "
                        + (start + 1));
            }
            char flag = column.charAt(start);
            if (flag != 'U' && flag != 'A') {
                throw new IllegalArgumentException("recovery_codes token at character " + (start + 1)
                        + " starts with neither 'U' (used) nor 'A' (available)");
            }
            codes.add(new RecoveryCodeHash(column.substring(start + 1, end), flag == 'U'));
            start = end + 1;
        }
        return codes;
    }
}
