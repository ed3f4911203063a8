package dev.kairos.spring;

/** Codes for tests. */
final class TestCodes {

    private TestCodes() {
    }

    /** A well-formed code that differs from {@code code} in its first digit: a wrong code, never a malformed one. */
    static String wrong(String code) {
        return (code.charAt(0) == '9' ? "0" : String.valueOf((char) (code.charAt(0) + 1))) + code.substring(1);
    }
}
