package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.EnrollmentRecord;
import dev.kairos.store.SignInState;
import dev.kairos.store.SignInWrite;
import dev.kairos.store.StoredEnrollment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Counts what a verification's store calls cost on Redis: the commands sent (each one round trip; Lettuce's command
 * events) and the bytes each way (a counting proxy between Lettuce and redis-server). The service's sign-in in the
 * steady state is one {@code replaceSignInIfVersion}: one EVALSHA, at most 300 bytes up for an account id of 21
 * characters and the worst sign-in state (lockout and guess budget present, 19-digit version); two on a cache miss
 * (GET first) or a lost race (the losing script returns the stored state). The numbers are printed for
 * docs/stores.md.
 */
class RedisRoundTripTest {

    CountingProxy proxy;
    RedisClient client;
    StatefulRedisConnection<String, String> connection;
    RedisEnrollmentStore store;
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void connectThroughTheProxy() {
        proxy = new CountingProxy(SharedRedis.standalonePort());
        client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + proxy.port()));
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                commands.add(event.getCommand().getType().toString());
            }
        });
        connection = client.connect();
        store = RedisEnrollmentStore.builder(connection).build();
    }

    @AfterEach
    void close() {
        store.close();
        connection.close();
        client.shutdown();
        proxy.close();
    }

    /** An account id of 21 characters, like an e-mail address; a longer one costs one byte more per character. */
    static String accountId() {
        return String.format("rt-%08x@acme.test", ThreadLocalRandom.current().nextInt());
    }

    /** A version as large as the service's first versions get (19 digits), so the bytes are the worst case. */
    static long bigVersion() {
        return ThreadLocalRandom.current().nextLong(1L << 61, 1L << 62);
    }

    /** The sign-in after {@code r}: next step, and (worst case on the wire) a lockout and a spent guess budget. */
    static EnrollmentRecord signedIn(EnrollmentRecord r) {
        Instant t = Instant.parse("2026-03-01T10:00:00.123Z");
        return r.withSignInState(new SignInState(r.lastAcceptedStep() + 1, 9, Optional.of(t), Optional.of(t),
                r.version() + 1));
    }

    private void reset() {
        commands.clear();
        proxy.reset();
    }

    private void print(String what) {
        System.out.printf("Redis, %s: %d round trips %s, %d bytes up, %d bytes down%n", what, commands.size(),
                commands, proxy.up(), proxy.down());
    }

    @Test
    void aSteadyStateSignInIsOneScriptOfAtMost300BytesUp() {
        long v = bigVersion();
        EnrollmentRecord r = Records.active(accountId(), v);
        assertTrue(store.insertIfAbsent(r));
        assertInstanceOf(SignInWrite.Written.class, store.replaceSignInIfVersion(v, v, signedIn(r))); // loads it
        EnrollmentRecord cached = signedIn(r);

        reset();
        EnrollmentRecord next = signedIn(cached);
        assertInstanceOf(SignInWrite.Written.class, store.replaceSignInIfVersion(cached.version(), v, next));
        assertEquals(List.of("EVALSHA"), commands);
        print("steady-state sign-in (replaceSignInIfVersion)");
        assertTrue(proxy.up() <= 300, proxy.up() + " bytes up");
        assertEquals(Optional.of(new StoredEnrollment(next, v)), store.findStored(r.accountId()));
    }

    @Test
    void aCacheMissIsOneGetAndOneScript() {
        long v = bigVersion();
        EnrollmentRecord r = Records.active(accountId(), v);
        assertTrue(store.insertIfAbsent(r));
        store.replaceSignInIfVersion(v, v, signedIn(r));

        reset();
        StoredEnrollment read = store.findStored(r.accountId()).orElseThrow();
        assertInstanceOf(SignInWrite.Written.class,
                store.replaceSignInIfVersion(read.record().version(), read.generation(), signedIn(read.record())));
        assertEquals(List.of("GET", "EVALSHA"), commands);
        print("sign-in on a cache miss (findStored, replaceSignInIfVersion)");
    }

    @Test
    void aLostRaceIsTwoScriptsTheFirstReturningTheStoredState() {
        long v = bigVersion();
        EnrollmentRecord r = Records.active(accountId(), v);
        assertTrue(store.insertIfAbsent(r));
        EnrollmentRecord elsewhere = signedIn(r);
        assertInstanceOf(SignInWrite.Written.class, store.replaceSignInIfVersion(v, v, elsewhere));

        reset();
        SignInWrite lost = store.replaceSignInIfVersion(v, v, signedIn(r)); // decided on the cached r
        assertEquals(new SignInWrite.Lost(elsewhere.signInState()), lost);
        EnrollmentRecord current = r.withSignInState(((SignInWrite.Lost) lost).current());
        assertInstanceOf(SignInWrite.Written.class,
                store.replaceSignInIfVersion(current.version(), v, signedIn(current)));
        assertEquals(List.of("EVALSHA", "EVALSHA"), commands);
        print("sign-in that lost a race (replaceSignInIfVersion twice)");
    }

    @Test
    void theWholeRecordWriteMovesTheWholeRecordEachWay() {
        EnrollmentRecord r = Records.active(accountId(), 1);
        assertTrue(store.insertIfAbsent(r));
        store.replaceIfVersion(1, Records.next(store.find(r.accountId()).orElseThrow())); // loads the script
        long size = connection.sync().strlen(store.keyOf(r.accountId()));

        reset();
        EnrollmentRecord read = store.find(r.accountId()).orElseThrow();
        assertTrue(store.replaceIfVersion(read.version(), Records.next(read)));
        assertEquals(List.of("GET", "EVALSHA"), commands);
        print("find and replaceIfVersion (every other operation; every sign-in before) with a value of "
                + size + " bytes");
    }
}
