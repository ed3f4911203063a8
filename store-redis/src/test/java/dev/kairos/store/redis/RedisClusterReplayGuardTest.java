package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.tck.ReplayGuardRace;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Redis replay guard on a real 3-master/3-replica Redis Cluster, through Lettuce's cluster client. */
class RedisClusterReplayGuardTest {
    private final RedisCluster cluster = RedisCluster.shared();
    private final StatefulRedisClusterConnection<String, String> connection = SharedRedis.cluster();

    @Test
    void credentialsOnEveryMasterAreGuardedThroughOneClusterConnection() {
        try (RedisReplayGuard guard = RedisReplayGuard.builder(connection).retention(Duration.ofMinutes(2)).build()) {
            Set<Integer> masters = new HashSet<>();
            String run = UUID.randomUUID().toString();
            for (int i = 0; i < 60; i++) {
                String c = "cred-" + run + "-" + i;
                masters.add(cluster.masterOf(SlotHash.getSlot(RedisReplayGuard.DEFAULT_KEY_PREFIX + c)).port());
                assertTrue(guard.tryAccept(c, 100));
                assertFalse(guard.tryAccept(c, 100), "the same step is a replay");
                assertFalse(guard.tryAccept(c, 99));
                assertTrue(guard.tryAccept(c, 101));
            }
            assertEquals(3, masters.size(), "the credentials were spread over all three masters");
        }
    }

    @Test
    void aClusterClientTheCallerOwnsStaysOpenAfterTheGuardCloses() {
        RedisClusterClient client = cluster.tunedClient(Duration.ofSeconds(10));
        try {
            RedisReplayGuard guard = RedisReplayGuard.builder(client).retention(Duration.ofMinutes(2)).build();
            assertTrue(guard.tryAccept("cred-" + UUID.randomUUID(), 1));
            guard.close();
            try (RedisReplayGuard again = RedisReplayGuard.builder(client).retention(Duration.ofMinutes(2)).build()) {
                assertTrue(again.tryAccept("cred-" + UUID.randomUUID(), 1), "the client still connects");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void twoJvmsRacingOnTheClusterAcceptEachCredentialsStepExactlyOnce() throws Exception {
        try (RedisReplayGuard guard = RedisReplayGuard.builder(connection).retention(Duration.ofMinutes(5)).build()) {
            ReplayGuardRace.againstSecondJvm(guard, RedisGuardFactory.class, RedisGuardFactory.cluster(cluster, true),
                    1000, 4);
        }
    }
}
