package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The remembered-browser cookie: read back as issued, refused when any part is changed or the key differs. */
class BrowserTokensTest {

    private static final Instant EXPIRES = Instant.parse("2026-04-01T00:00:00Z");

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    @Test
    void readsBackTheAccountTheRecordIdAndTheExpiry() {
        BrowserTokens tokens = new BrowserTokens(key(1));
        BrowserTokens.Issued issued = tokens.issue("ålice@example.test", EXPIRES);
        BrowserTokens.Token token = tokens.read(issued.value()).orElseThrow();
        assertThat(token.accountId()).isEqualTo("ålice@example.test");
        assertThat(token.id()).isEqualTo(issued.id()).matches("[0-9a-f]{64}");
        assertThat(token.expiresAt()).isEqualTo(EXPIRES);
        assertThat(issued.value()).as("the record id is not in the cookie").doesNotContain(issued.id());
        assertThat(tokens.issue("ålice@example.test", EXPIRES).id()).as("random").isNotEqualTo(issued.id());
    }

    @Test
    void refusesAChangeInAnyPartAndAnotherKey() {
        BrowserTokens tokens = new BrowserTokens(key(1));
        String value = tokens.issue("alice", EXPIRES).value();
        String[] parts = value.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            String[] changed = parts.clone();
            char c = changed[i].charAt(0);
            changed[i] = (c == 'A' ? 'B' : 'A') + changed[i].substring(1);
            assertThat(tokens.read(String.join(".", changed))).as("part %d changed", i).isEmpty();
        }
        String otherAccount = value.replace(parts[1], Base64.getUrlEncoder().withoutPadding()
                .encodeToString("mallory".getBytes(StandardCharsets.UTF_8)));
        assertThat(tokens.read(otherAccount)).isEmpty();
        assertThat(new BrowserTokens(key(2)).read(value)).as("another application's key").isEmpty();
        assertThat(tokens.read(value)).as("the control").isPresent();
    }

    @Test
    void refusesMalformedValuesWithoutAnException() {
        BrowserTokens tokens = new BrowserTokens(key(1));
        for (String bad : new String[] {"", ".", "v1....", "v2.a.b.1.c", "v1.!!.!!.x.!!", "x".repeat(10_000),
                "v1.YQ.YQ.99999999999999999999.YQ"}) {
            assertThat(tokens.read(bad)).as(bad.length() > 40 ? "long" : bad).isEmpty();
        }
        assertThat(tokens.read(null)).isEmpty();
    }

    @Test
    void aValueOfUpTo512CharactersIsReadAndAKeyHasAtLeast32Bytes() {
        BrowserTokens tokens = new BrowserTokens(key(1));
        // 307 bytes of account are 410 Base64 characters: with the rest of the value, exactly 512
        String longest = tokens.issue("a".repeat(307), EXPIRES).value();
        assertThat(longest).hasSize(BrowserTokens.MAX_LENGTH);
        assertThat(tokens.read(longest)).isPresent();
        String over = tokens.issue("a".repeat(308), EXPIRES).value();
        assertThat(over).hasSize(BrowserTokens.MAX_LENGTH + 1);
        assertThat(tokens.read(over)).as("refused before its MAC is computed").isEmpty();

        assertThatThrownBy(() -> new BrowserTokens(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 31");
        assertThat(new BrowserTokens(new byte[32]).read(new BrowserTokens(new byte[32]).issue("a", EXPIRES)
                .value())).isPresent();
    }
}
