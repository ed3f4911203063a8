package dev.kairos.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.core.ReplayGuard;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract test kit for {@link ReplayGuard} implementations: every rule of its Javadoc (a step is accepted only if
 * it is greater than every step accepted before for the credential; credentials are compared exactly; of N concurrent
 * calls with the same credential and step exactly one is accepted), races on real threads included.
 *
 * <p>Extend it and implement {@link #newGuard()}:
 *
 * <pre>{@code
 * class RedisReplayGuardContractTest extends ReplayGuardContract {
 *     @Override
 *     protected ReplayGuard newGuard() {
 *         return RedisReplayGuard.builder(connection).retention(Duration.ofMinutes(5)).build();
 *     }
 * }
 * }</pre>
 *
 * <p>Each test uses fresh random credential ids, so a guard on shared storage works. Steps start at
 * {@link #firstStep()}; a guard that refuses steps far from its clock's (the bounded in-memory guard) overrides it.
 * Races between two JVMs are in {@link ReplayGuardRace}.
 */
public abstract class ReplayGuardContract {

    /** Threads in each race. */
    protected static final int RACERS = 32;
    /** Rounds of the one-credential race: a fresh step each round. */
    protected static final int ROUNDS = 30;

    private ReplayGuard guard;
    private ExecutorService pool;

    /** For subclasses. */
    protected ReplayGuardContract() {
    }

    /**
     * Creates the guard under test. Called once before each test.
     *
     * @return a guard; it may remember credentials of earlier tests (credential ids never repeat)
     */
    protected abstract ReplayGuard newGuard();

    /**
     * The first time step the tests use; they use steps up to {@code firstStep() + 1000}, and a few far beyond it.
     *
     * @return 1,000,000 by default (a step of 30 s in 1970); override for a guard that refuses steps far from now
     */
    protected long firstStep() {
        return 1_000_000L;
    }

    /** Creates the guard and the racing threads. */
    @BeforeEach
    public void setUpGuard() {
        guard = newGuard();
        assertNotNull(guard, "newGuard() returned null");
        pool = Executors.newFixedThreadPool(RACERS);
    }

    /**
     * Stops the racing threads, and closes the guard if it is {@link AutoCloseable}.
     *
     * @throws Exception if closing the guard failed
     */
    @AfterEach
    public void tearDownGuard() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (guard instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /**
     * Returns the guard under test (after {@link #setUpGuard()}).
     *
     * @return the guard
     */
    protected final ReplayGuard guard() {
        return guard;
    }

    /**
     * A credential id no other test uses.
     *
     * @return e.g. {@code "cred-1b4e28ba-2fa1-11d2-883f-0016d3cca427"}
     */
    protected static String newCredential() {
        return "cred-" + UUID.randomUUID();
    }

    /** Rule 1: the first step is accepted, the same step again and earlier ones are not, a later one is. */
    @Test
    public void acceptsOnlyAStepGreaterThanTheLastAccepted() {
        String c = newCredential();
        long t = firstStep();
        assertTrue(guard.tryAccept(c, t + 100));
        assertFalse(guard.tryAccept(c, t + 100), "the same step is a replay");
        assertFalse(guard.tryAccept(c, t + 99), "an earlier step too");
        assertTrue(guard.tryAccept(c, t + 101));
        assertTrue(guard.tryAccept(c, t + 1000), "a step can be skipped");
        assertFalse(guard.tryAccept(c, t + 999));
    }

    /** Rule 2: credentials are independent, and compared exactly (not case-folded, not trimmed). */
    @Test
    public void credentialsAreIndependentAndComparedExactly() {
        String c = newCredential();
        long t = firstStep();
        assertTrue(guard.tryAccept(c, t));
        assertTrue(guard.tryAccept(newCredential(), t), "another credential");
        assertTrue(guard.tryAccept(c.toUpperCase(Locale.ROOT), t), "case matters");
        assertTrue(guard.tryAccept(c + " ", t), "a trailing space matters");
        assertFalse(guard.tryAccept(c, t));
    }

    /** Rule 1 beyond what a double holds: 2^53 + 1 and 2^53 are different steps (Lua, JSON and SQL floats round). */
    @Test
    public void comparesStepsExactlyUpToLongMaxValue() {
        String c = newCredential();
        assertTrue(guard.tryAccept(c, 9_007_199_254_740_992L)); // 2^53
        // 2^53 + 1 is a later step, though a double rounds it to 2^53.
        assertTrue(guard.tryAccept(c, 9_007_199_254_740_993L), "2^53 + 1 after 2^53");
        assertFalse(guard.tryAccept(c, 9_007_199_254_740_993L));
        assertFalse(guard.tryAccept(c, 9_007_199_254_740_992L));
        assertTrue(guard.tryAccept(c, 9_007_199_254_740_994L));
        assertTrue(guard.tryAccept(c, Long.MAX_VALUE));
        assertFalse(guard.tryAccept(c, Long.MAX_VALUE));
    }

    /**
     * Rule 3: of {@value #RACERS} threads calling {@code tryAccept} with the same credential and step at the same
     * instant, exactly one wins, in each of {@value #ROUNDS} rounds.
     *
     * @throws Exception if the race could not run
     */
    @Test
    public void ofThirtyTwoThreadsAcceptingTheSameStepExactlyOneWinsEveryRound() throws Exception {
        String c = newCredential();
        for (int round = 0; round < ROUNDS; round++) {
            long step = firstStep() + round;
            List<Boolean> results = Races.run(pool, RACERS, i -> guard.tryAccept(c, step));
            assertEquals(1, Races.count(results), "round " + round + ": accepted " + Races.count(results)
                    + " times");
        }
    }

    /**
     * Rule 3 over many credentials: threads going over 500 credentials each in its own random order accept each
     * credential's step exactly once overall.
     *
     * @throws Exception if the race could not run
     */
    @Test
    public void threadsRacingOverManyCredentialsAcceptEachExactlyOnce() throws Exception {
        int credentials = 500;
        String prefix = newCredential() + "-";
        List<Integer> accepted = ReplayGuardRace.race(guard, prefix, credentials, 4, firstStep());
        assertEquals(credentials, accepted.size(), "accepts overall");
        assertEquals(credentials, new HashSet<>(accepted).size(), "each credential once");
        Set<Integer> all = new HashSet<>(accepted);
        for (int i = 0; i < credentials; i++) {
            assertTrue(all.contains(i), "credential " + i + " was never accepted");
        }
    }
}
