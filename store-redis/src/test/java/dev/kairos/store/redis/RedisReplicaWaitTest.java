package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.EnrollmentRecord;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code waitForReplicas}: a write is reported only after {@code WAIT} saw enough replicas acknowledge it; too few
 * within the timeout is an error (never a success); a deployment that cannot give the promise is refused at build.
 * On a real master with one replica ({@code --replicaof}), a master without replicas, and the Redis Cluster.
 */
class RedisReplicaWaitTest {
    private static RedisServer master;
    private static RedisServer replica;
    private static RedisServer alone;
    private static RedisClient masterClient;
    private static RedisClient replicaClient;
    private static RedisClient aloneClient;
    private static StatefulRedisConnection<String, String> toMaster;
    private static StatefulRedisConnection<String, String> toReplica;

    @BeforeAll
    static void startMasterAndReplica() {
        master = RedisServer.start();
        replica = RedisServer.start("--replicaof", "127.0.0.1", Integer.toString(master.port()),
                "--repl-diskless-load", "disabled");
        alone = RedisServer.start();
        masterClient = RedisClient.create(master.uri());
        replicaClient = RedisClient.create(replica.uri());
        aloneClient = RedisClient.create(alone.uri());
        toMaster = masterClient.connect();
        toReplica = replicaClient.connect();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ReplicaWait.onlineReplicas(toMaster.sync().info("replication")) < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replica did not come online");
            }
            RedisServer.sleep(50);
        }
    }

    @AfterAll
    static void stop() {
        for (RedisClient c : new RedisClient[] {masterClient, replicaClient, aloneClient}) {
            if (c != null) {
                c.shutdown();
            }
        }
        for (RedisServer s : new RedisServer[] {master, replica, alone}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void anAcceptedStepIsOnTheReplicaWhenTryAcceptReturns() {
        try (RedisReplayGuard guard = RedisReplayGuard.builder(masterClient).retention(Duration.ofMinutes(2))
                .waitForReplicas(1, Duration.ofSeconds(5)).build()) {
            for (int i = 0; i < 50; i++) {
                String c = "cred-" + UUID.randomUUID();
                assertTrue(guard.tryAccept(c, 7));
                // No sleep, no polling: WAIT returned only once the replica had acknowledged the write.
                assertEquals("7", toReplica.sync().get(RedisReplayGuard.DEFAULT_KEY_PREFIX + c));
                assertFalse(guard.tryAccept(c, 7));
            }
        }
    }

    @Test
    void aStoreWriteIsOnTheReplicaWhenItReturns() {
        try (RedisEnrollmentStore store = RedisEnrollmentStore.builder(masterClient)
                .waitForReplicas(1, Duration.ofSeconds(5)).build()) {
            EnrollmentRecord r = Records.active(Records.newAccountId("wait"), 1);
            assertTrue(store.insertIfAbsent(r));
            assertTrue(toReplica.sync().get(store.keyOf(r.accountId())).contains("version=1\n"));
            assertTrue(store.replaceIfVersion(1, Records.next(r)));
            assertTrue(toReplica.sync().get(store.keyOf(r.accountId())).contains("version=2\n"));
        }
    }

    @Test
    void aReplicaThatDoesNotAcknowledgeInTimeMakesTheAcceptAnErrorNeverASuccess() throws Exception {
        try (RedisReplayGuard guard = RedisReplayGuard.builder(masterClient).retention(Duration.ofMinutes(2))
                .waitForReplicas(1, Duration.ofMillis(200)).build()) {
            String c = "cred-" + UUID.randomUUID();
            CompletableFuture<Void> asleep = replica.sleepAsync(1.5); // the replica answers nothing, acks included
            RedisServer.sleep(100);
            RedisStoreException e = assertThrows(RedisStoreException.class, () -> guard.tryAccept(c, 9));
            assertTrue(e.outcomeUnknown(), "the master has the step; the caller must not report either way");
            assertTrue(e.getMessage().contains("0 of 1 replica"), e.getMessage());
            asleep.get();
            assertFalse(guard.tryAccept(c, 9), "the code was consumed on the master: refused, never accepted");
        }
    }

    @Test
    void aWaitTheDeploymentCannotMeetIsRefusedAtBuild() {
        RedisStoreException none = assertThrows(RedisStoreException.class, () -> RedisReplayGuard
                .builder(aloneClient).retention(Duration.ofMinutes(2)).waitForReplicas(1, Duration.ofSeconds(1))
                .build());
        assertTrue(none.getMessage().contains("has 0 replica(s) online"), none.getMessage());
        assertThrows(RedisStoreException.class, () -> RedisEnrollmentStore.builder(masterClient)
                .waitForReplicas(2, Duration.ofSeconds(1)).build(), "one replica online, two asked for");
        assertThrows(IllegalArgumentException.class,
                () -> RedisEnrollmentStore.builder(masterClient).waitForReplicas(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> RedisReplayGuard.builder(masterClient).waitForReplicas(1, Duration.ZERO));
        assertThrows(NullPointerException.class,
                () -> RedisReplayGuard.builder(masterClient).waitForReplicas(1, null));
    }

    @Test
    void onTheClusterEachWriteWaitsForItsOwnMastersReplica() {
        StatefulRedisClusterConnection<String, String> connection = SharedRedis.cluster();
        try (RedisReplayGuard guard = RedisReplayGuard.builder(connection).retention(Duration.ofMinutes(2))
                .waitForReplicas(1, Duration.ofSeconds(5)).build()) {
            for (int i = 0; i < 60; i++) {
                String c = "cred-" + UUID.randomUUID();
                assertTrue(guard.tryAccept(c, 3));
                assertFalse(guard.tryAccept(c, 3));
            }
            assertThrows(RedisStoreException.class, () -> RedisReplayGuard.builder(connection)
                    .retention(Duration.ofMinutes(2)).waitForReplicas(2, Duration.ofSeconds(1)).build(),
                    "each master has one replica");
        }
    }
}
