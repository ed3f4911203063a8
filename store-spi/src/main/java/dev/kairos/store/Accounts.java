package dev.kairos.store;

import dev.kairos.core.InvalidOtpAuthUriException;
import dev.kairos.core.OtpAuthUri;

/** Validation of account ids and labels, shared by the record (what a store may hold) and the service. */
final class Accounts {

    private Accounts() {
    }

    static String checkAccountId(String accountId) {
        if (accountId == null) {
            throw new InvalidAccountException("account id must not be null");
        }
        check("account id", accountId);
        return accountId;
    }

    /**
     * A label is what the otpauth:// URI calls the account: the store's limits (256 UTF-16 units for the column)
     * and the URI's rules, written once in core ({@link OtpAuthUri#checkAccount}), so no record can hold a label
     * its URI would refuse.
     */
    static String checkLabel(String label) {
        if (label == null) {
            throw new InvalidAccountException("account label must not be null");
        }
        check("account label", label);
        try {
            OtpAuthUri.checkAccount(label);
        } catch (InvalidOtpAuthUriException e) {
            throw new InvalidAccountException("account label breaks the otpauth:// rules: " + e.getMessage());
        }
        return label;
    }

    private static void check(String what, String s) {
        if (s.isBlank()) {
            throw new InvalidAccountException(what + " must not be blank");
        }
        if (s.length() > EnrollmentRecord.MAX_ACCOUNT_LENGTH) {
            throw new InvalidAccountException(what + " is " + s.length() + " characters long; at most "
                    + EnrollmentRecord.MAX_ACCOUNT_LENGTH + " allowed");
        }
        if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            throw new InvalidAccountException(what + " must not begin or end with whitespace");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw new InvalidAccountException(
                        what + " has a control character at position " + (i + 1) + "; none allowed");
            }
        }
    }
}
