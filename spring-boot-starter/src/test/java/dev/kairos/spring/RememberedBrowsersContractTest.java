package dev.kairos.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One contract for every {@link RememberedBrowsers} the starter ships: in memory and on JDBC (H2). */
class RememberedBrowsersContractTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    static Stream<Supplier<RememberedBrowsers>> implementations() {
        return Stream.of(InMemoryRememberedBrowsers::new, () -> {
            JdbcDataSource db = new JdbcDataSource();
            db.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return new JdbcRememberedBrowsers(db).createSchemaIfMissing().createSchemaIfMissing();
        });
    }

    private static int next;

    private static RememberedBrowser browser(String account, Instant created) {
        byte[] id = new byte[32];
        id[0] = (byte) ++next;
        id[1] = (byte) (next >> 8);
        return new RememberedBrowser(HexFormat.of().formatHex(id), account, "1.2", created,
                created.plus(Duration.ofDays(30)), "Firefox");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void findsListsNewestFirstAndForgetsPerAccount(Supplier<RememberedBrowsers> implementation) {
        RememberedBrowsers browsers = implementation.get();
        RememberedBrowser older = browser("alice", T0);
        RememberedBrowser newer = browser("alice", T0.plusSeconds(60));
        RememberedBrowser bobs = browser("bob", T0);
        browsers.add(older);
        browsers.add(newer);
        browsers.add(bobs);

        assertThat(browsers.find(older.id())).contains(older);
        assertThat(browsers.list("alice")).containsExactly(newer, older);
        assertThat(browsers.forgetAllExcept("alice", newer.id())).isEqualTo(1);
        assertThat(browsers.list("alice")).containsExactly(newer);
        assertThat(browsers.forgetAll("alice")).isEqualTo(1);
        assertThat(browsers.find(newer.id())).isEmpty();
        assertThat(browsers.list("bob")).as("another account's").containsExactly(bobs);
        assertThat(browsers.forgetAll("nobody")).isZero();
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aNewRecordDropsTheAccountsExpiredOnes(Supplier<RememberedBrowsers> implementation) {
        RememberedBrowsers browsers = implementation.get();
        RememberedBrowser old = browser("alice", T0);
        RememberedBrowser bobsOld = browser("bob", T0);
        browsers.add(old);
        browsers.add(bobsOld);
        RememberedBrowser later = browser("alice", T0.plus(Duration.ofDays(31)));
        browsers.add(later);
        assertThat(browsers.list("alice")).isEqualTo(List.of(later));
        assertThat(browsers.find(bobsOld.id())).as("only the account's own").isPresent();
    }
}
