package dev.kairos.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one set of rules for issuers and accounts ({@link OtpAuthUri#checkIssuer} and {@link OtpAuthUri#checkAccount}):
 * what they refuse, the builder and the parser refuse too, so a service that checks at enrollment never stores a
 * name it cannot put in a URI.
 */
class OtpAuthUriLabelRulesTest {

    private static final String BASE32 = OtpAuthUriTest.BASE32;

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a trailing no-break space U+00A0", "alice\u00A0", "ends with whitespace"),
                Arguments.of("a leading figure space U+2007", "\u2007alice", "starts with whitespace"),
                Arguments.of("a lone surrogate", "ali\uD800ce", "lone surrogate"),
                Arguments.of("a lone low surrogate at the end", "alice\uDC00", "lone surrogate"),
                Arguments.of("an empty text", "", "empty"),
                Arguments.of("only spaces", "   ", "blank"),
                Arguments.of("only a no-break space", "\u00A0", "blank"),
                Arguments.of("a trailing tab", "alice\t", "control character"),
                Arguments.of("a leading ASCII space", " alice", "starts with whitespace"),
                Arguments.of("a narrow no-break space at the end", "alice\u202F", "ends with whitespace"),
                Arguments.of("a control character inside", "ali\u0007ce", "control character"),
                Arguments.of("a C1 control character", "ali\u0085ce", "control character"),
                Arguments.of("a colon", "acme:alice", "':'"),
                Arguments.of("257 characters", "a".repeat(257), "too long"),
                Arguments.of("257 emoji (code points, not UTF-16 units)", "\uD83D\uDE00".repeat(257), "too long"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void checkAccountRefuses(String what, String text, String saying) {
        assertRefused(OtpAuthUri::checkAccount, text, "account", saying);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void checkIssuerRefuses(String what, String text, String saying) {
        assertRefused(OtpAuthUri::checkIssuer, text, "issuer", saying);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void theBuilderRefusesWhatTheRulesRefuse(String what, String text, String saying) {
        OtpAuthUri.Builder b = OtpAuthUri.totp(OtpAuthUriTest.SECRET, TotpParameters.defaults());
        assertRefused(b::account, text, "account", saying);
        assertRefused(b::issuer, text, "issuer", saying);
    }

    @Test
    void theParserRefusesTheThreeNamesTheServiceUsedToAccept() {
        for (String encoded : new String[] {"alice%C2%A0", "%E2%80%87alice", "ali%ED%A0%80ce"}) {
            // The lone surrogate cannot even be UTF-8: its encoding U+D800 is refused while decoding.
            assertThrows(InvalidOtpAuthUriException.class,
                    () -> OtpAuthUri.parse("otpauth://totp/ACME:" + encoded + "?secret=" + BASE32), encoded);
            assertThrows(InvalidOtpAuthUriException.class,
                    () -> OtpAuthUri.parse("otpauth://totp/" + encoded + ":alice?secret=" + BASE32), encoded);
            assertThrows(InvalidOtpAuthUriException.class,
                    () -> OtpAuthUri.parse("otpauth://totp/alice?secret=" + BASE32 + "&issuer=" + encoded), encoded);
        }
    }

    @Test
    void nullIsRefusedWithTheLibrarysOwnException() {
        assertRefused(OtpAuthUri::checkAccount, null, "account", "null");
        assertRefused(OtpAuthUri::checkIssuer, null, "issuer", "null");
    }

    @Test
    void acceptsNamesAtTheCapWithInnerSpacesSymbolsAndEmoji() {
        for (String ok : new String[] {"alice@acme.test", "ACME Corp", "Jürgen & Söhne 100%", "a/b;c=d?e#f",
                "\uD83D\uDD10 Vault", "a".repeat(256), "\uD83D\uDE00".repeat(256), "a\u00A0b"}) {
            OtpAuthUri.checkAccount(ok);
            OtpAuthUri.checkIssuer(ok);
        }
    }

    private static void assertRefused(Consumer<String> check, String text, String naming, String saying) {
        InvalidOtpAuthUriException e = assertThrows(InvalidOtpAuthUriException.class, () -> check.accept(text));
        assertTrue(e.getMessage().contains(naming), e.getMessage());
        assertTrue(e.getMessage().contains(saying), e.getMessage());
    }
}
