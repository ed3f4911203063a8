package dev.kairos.store.redis;

import static dev.kairos.store.redis.Records.active;
import static dev.kairos.store.redis.Records.newAccountId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.SignInState;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The key layout, the value format, the script cache, bad values and lost replies, on a real redis-server. */
class RedisEnrollmentStoreTest {
    static RedisServer server;
    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
    }

    @AfterAll
    static void stopRedis() {
        if (connection != null) {
            connection.close();
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    final RedisEnrollmentStore store = RedisEnrollmentStore.builder(connection).build();

    @Test
    void eachAccountIsOneKeyOfThePrefixAndTheAccountIdWithAVersionedHeader() {
        EnrollmentRecord r = active(newAccountId("Alicé {x}"), 42);
        assertTrue(store.insertIfAbsent(r));
        String raw = connection.sync().get("kairos:enrollment:" + r.accountId());
        assertTrue(raw.startsWith("kairos-enrollment/4 version=42\n"), raw.substring(0, 40));
        assertEquals(-1L, connection.sync().ttl("kairos:enrollment:" + r.accountId()), "records never expire");
        assertEquals(Optional.of(r), store.find(r.accountId()));
    }

    /** A value of {@code Records.active(id, 42)} as kairos-store-redis wrote it in format 3 (before sign-in lines). */
    static String formatThree(String accountId) {
        return """
                kairos-enrollment/3 version=42
                account=%s
                label=active-label
                secret.key=k2
                secret.blob=Ad6tvu9CEzc=
                algorithm=SHA256
                digits=8
                period=60
                epoch=0
                state=ACTIVE
                created=2026-03-01T09:15:30.123Z
                confirmed=2026-03-01T09:15:35.123Z
                last_step=123456
                failures=0
                recovery=Apbkdf2-sha256$4096$c2FsdA$aGFzaA
                flags=0
                """.formatted(accountId);
    }

    @Test
    void valuesOfFormatsOneToThreeAreStillReadAndRewrittenAsFormatFour() {
        EnrollmentRecord r = active(newAccountId("format-1"), 42);
        String formatThree = formatThree(r.accountId());
        String formatTwo = formatThree.replace("kairos-enrollment/3 ", "kairos-enrollment/2 ");
        String formatOne = formatTwo.replace("kairos-enrollment/2 ", "kairos-enrollment/1 ").replace("flags=0\n", "");
        assertFalse(formatOne.contains("flags"), formatOne.substring(0, 40));
        for (String older : List.of(formatOne, formatTwo, formatThree)) {
            connection.sync().set("kairos:enrollment:" + r.accountId(), older);
            assertEquals(Optional.of(r), store.find(r.accountId()));
            assertEquals(Optional.of(StoredEnrollment.whole(r)), store.findStored(r.accountId()),
                    "an older value was written whole: its generation is its version");
        }
        EnrollmentRecord flagged = new EnrollmentRecord(r.accountId(), r.label(), r.secret(), r.parameters(),
                r.state(), r.createdAt(), r.confirmedAt(), r.lastAcceptedStep(), r.consecutiveFailures(),
                r.lockedUntil(), r.recoveryCodes(), EnrollmentRecord.LEGACY_SECRET | EnrollmentRecord.IMPORTED,
                Optional.of("v1.hbinding"), Optional.of(r.createdAt().plusSeconds(3600)), 43);
        assertTrue(store.replaceIfVersion(42, flagged));
        assertTrue(connection.sync().get("kairos:enrollment:" + r.accountId()).startsWith("kairos-enrollment/4 "));
        assertEquals(Optional.of(flagged), store.find(r.accountId()));
    }

    @Test
    void aSignInOnAFormatThreeValueRewritesItWholeAsFormatFourKeepingTheGeneration() {
        EnrollmentRecord r = active(newAccountId("format-3"), 42);
        connection.sync().set("kairos:enrollment:" + r.accountId(), formatThree(r.accountId()));
        EnrollmentRecord next = r.withSignInState(new SignInState(123_457L, 0, Optional.empty(),
                Optional.empty(), 43));
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(42, 42, next));
        String raw = connection.sync().get("kairos:enrollment:" + r.accountId());
        assertTrue(raw.startsWith("kairos-enrollment/4 version=43\nlast_step=123457\nfailures=0\n\ngeneration=42\n"),
                raw.substring(0, 60));
        assertEquals(Optional.of(new StoredEnrollment(next, 42)), store.findStored(r.accountId()));
        EnrollmentRecord later = next.withSignInState(new SignInState(123_458L, 0, Optional.empty(),
                Optional.empty(), 44));
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(43, 42, later), "now spliced");
        assertEquals(Optional.of(new StoredEnrollment(later, 42)), store.findStored(r.accountId()));
    }

    @Test
    void aSignInWriteChangesOnlyTheHeadOfTheValue() {
        EnrollmentRecord r = active(newAccountId("head"), 42);
        assertTrue(store.insertIfAbsent(r));
        String before = connection.sync().get("kairos:enrollment:" + r.accountId());
        Instant t = Instant.parse("2026-03-02T00:00:00.007Z");
        EnrollmentRecord next = r.withSignInState(new SignInState(123_456L, 3, Optional.of(t), Optional.of(t), 43));
        assertEquals(new SignInWrite.Written(), store.replaceSignInIfVersion(42, 42, next));
        String after = connection.sync().get("kairos:enrollment:" + r.accountId());
        assertEquals(before.substring(before.indexOf("\n\n")), after.substring(after.indexOf("\n\n")));
        assertEquals("kairos-enrollment/4 version=43\nlast_step=123456\nfailures=3\nlocked_until=1772409600007\n"
                + "budget_restored=1772409600007\n", after.substring(0, after.indexOf("\n\n") + 1));
        assertEquals(Optional.of(next), store.find(r.accountId()));
    }

    @Test
    void aKeyPrefixSeparatesTwoApplicationsOnOneRedis() {
        RedisEnrollmentStore other = RedisEnrollmentStore.builder(connection).keyPrefix("app2:mfa:").build();
        EnrollmentRecord r = active(newAccountId("shared"), 1);
        assertTrue(store.insertIfAbsent(r));
        assertEquals(Optional.empty(), other.find(r.accountId()));
        assertTrue(other.insertIfAbsent(r.withVersion(9)));
        assertEquals("app2:mfa:x", other.keyOf("x"));
        assertEquals(Optional.of(r), store.find(r.accountId()));
    }

    @Test
    void anEmptiedScriptCacheFallsBackFromEvalshaToEval() {
        EnrollmentRecord r = active(newAccountId("noscript"), 1);
        assertTrue(store.insertIfAbsent(r));
        connection.sync().scriptFlush();
        assertTrue(store.replaceIfVersion(1, r.withVersion(2)));
        connection.sync().scriptFlush();
        assertTrue(store.deleteIfVersion(r.accountId(), 2));
        assertEquals(Optional.empty(), store.find(r.accountId()));
    }

    @Test
    void aValueInANewerFormatIsRefusedRatherThanMisreadOrRewritten() {
        String id = newAccountId("newer");
        connection.sync().set("kairos:enrollment:" + id, "kairos-enrollment/" + (RecordFormat.FORMAT + 1) + " version=5\naccount=" + id + "\n");
        RedisStoreException e = assertThrows(RedisStoreException.class, () -> store.find(id));
        assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
        assertFalse(e.outcomeUnknown());
    }

    @Test
    void aValueThatIsNotARecordIsAnExceptionForEveryOperationNeverFalse() {
        String id = newAccountId("corrupt");
        connection.sync().set("kairos:enrollment:" + id, "not a record");
        assertThrows(RedisStoreException.class, () -> store.find(id));
        RedisStoreException e = assertThrows(RedisStoreException.class,
                () -> store.replaceIfVersion(1, active(id, 2)));
        assertFalse(e.outcomeUnknown());
        assertThrows(RedisStoreException.class, () -> store.deleteIfVersion(id, 1));
        assertEquals("not a record", connection.sync().get("kairos:enrollment:" + id), "nothing was written");

        EnrollmentRecord r = active(newAccountId("fieldless"), 1);
        assertTrue(store.insertIfAbsent(r));
        String raw = connection.sync().get(store.keyOf(r.accountId()));
        connection.sync().set(store.keyOf(r.accountId()), raw.replaceAll("(?m)^digits=.*\n", ""));
        RedisStoreException missing = assertThrows(RedisStoreException.class, () -> store.find(r.accountId()));
        assertTrue(missing.getMessage().contains("digits"), missing.getMessage());
        String hex = HexFormat.of().formatHex(Records.BLOB);
        assertFalse(missing.getMessage().toLowerCase(Locale.ROOT).contains(hex.substring(2)));
        assertFalse(missing.getMessage().contains("pbkdf2"));
    }

    @Test
    void aWriteWhoseReplyTimesOutSaysItsOutcomeIsUnknownAndMayHaveApplied() throws Exception {
        EnrollmentRecord r = active(newAccountId("timeout"), 1);
        assertTrue(store.insertIfAbsent(r));
        RedisClient slowClient = RedisClient.create(server.uri(Duration.ofMillis(300)));
        try (StatefulRedisConnection<String, String> slow = slowClient.connect()) {
            RedisEnrollmentStore impatient = RedisEnrollmentStore.builder(slow).build();
            // DEBUG SLEEP blocks the server: the script is sent, queued behind it, and runs after the timeout.
            CompletableFuture<Void> sleeping = server.sleepAsync(1.0);
            RedisServer.sleep(100);
            RedisStoreException e = assertThrows(RedisStoreException.class,
                    () -> impatient.replaceIfVersion(1, r.withVersion(2)));
            assertTrue(e.outcomeUnknown(), e.getMessage());
            sleeping.get();
            assertEquals(2, store.find(r.accountId()).orElseThrow().version(), "it did apply, once");
            assertFalse(impatient.replaceIfVersion(1, r.withVersion(2)), "and not twice");
        } finally {
            slowClient.shutdown();
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() {
        assertThrows(NullPointerException.class, () -> RedisEnrollmentStore.builder((StatefulRedisConnection<String,
                String>) null));
        assertThrows(IllegalArgumentException.class, () -> RedisEnrollmentStore.builder(connection).keyPrefix(""));
        assertThrows(IllegalArgumentException.class,
                () -> RedisEnrollmentStore.builder(connection).keyPrefix("has space"));
        assertThrows(IllegalArgumentException.class,
                () -> RedisEnrollmentStore.builder(connection).keyPrefix("{tag}:"));
        assertThrows(IllegalArgumentException.class,
                () -> RedisEnrollmentStore.builder(connection).keyPrefix("x".repeat(65)));
        EnrollmentRecord r = active(newAccountId("args"), 1);
        assertThrows(IllegalArgumentException.class, () -> store.replaceIfVersion(Long.MAX_VALUE, r));
        assertThrows(IllegalArgumentException.class, () -> store.replaceIfVersion(1, r.withVersion(3)));
    }

    @Test
    void aStoreBuiltFromAClientOrAUriClosesOnlyWhatItOpened() {
        try (RedisEnrollmentStore fromClient = RedisEnrollmentStore.builder(client).build();
                RedisEnrollmentStore fromUri = RedisEnrollmentStore.builder(server.uri()).build()) {
            EnrollmentRecord r = active(newAccountId("owned"), 1);
            assertTrue(fromClient.insertIfAbsent(r));
            assertEquals(Optional.of(r), fromUri.find(r.accountId()));
        }
        assertTrue(connection.isOpen(), "the client's other connections stay open");
        assertEquals("PONG", client.connect().sync().ping(), "and the client too");
    }
}
