package dev.kairos.store.redis;

import dev.kairos.core.ReplayGuard;
import dev.kairos.store.tck.ReplayGuardRace;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the Redis guard a second JVM races with. {@code where}: {@code standalone:PORT}; {@code cluster:PORT,PORT,...}
 * (a cluster client with {@link RedisClusterSettings#recommendedOptions()} and a 2 s command timeout);
 * {@code cluster-default-options:PORT,...} (the same with Lettuce's default options).
 */
public final class RedisGuardFactory implements ReplayGuardRace.Factory {

    /** Used by the second JVM, by reflection. */
    public RedisGuardFactory() {
    }

    @Override
    public ReplayGuard open(String where) {
        String kind = where.substring(0, where.indexOf(':'));
        String ports = where.substring(where.indexOf(':') + 1);
        if (kind.equals("standalone")) {
            return RedisReplayGuard.builder(RedisURI.create("redis://127.0.0.1:" + ports))
                    .retention(Duration.ofMinutes(5)).build();
        }
        List<RedisURI> seeds = new ArrayList<>();
        for (String port : ports.split(",")) {
            seeds.add(RedisURI.builder().withHost("127.0.0.1").withPort(Integer.parseInt(port))
                    .withTimeout(Duration.ofSeconds(2)).build());
        }
        RedisClusterClient client = RedisClusterClient.create(seeds);
        if (kind.equals("cluster")) {
            client.setOptions(RedisClusterSettings.recommendedOptions());
        } else if (!kind.equals("cluster-default-options")) {
            throw new IllegalArgumentException("unknown guard " + kind);
        }
        return new ClientOwningGuard(RedisReplayGuard.builder(client).retention(Duration.ofMinutes(5)).build(),
                client);
    }

    /** The {@code where} of a cluster for a second JVM: {@code cluster:} and its ports. */
    static String cluster(RedisCluster cluster, boolean recommendedOptions) {
        List<String> ports = new ArrayList<>();
        for (RedisServer node : cluster.nodes()) {
            ports.add(Integer.toString(node.port()));
        }
        return (recommendedOptions ? "cluster:" : "cluster-default-options:") + String.join(",", ports);
    }

    /** A guard that also shuts its client down when closed. */
    private record ClientOwningGuard(RedisReplayGuard guard, RedisClusterClient client)
            implements ReplayGuard, AutoCloseable {
        @Override
        public boolean tryAccept(String credentialId, long timeStep) {
            return guard.tryAccept(credentialId, timeStep);
        }

        @Override
        public void close() {
            guard.close();
            client.shutdown();
        }
    }
}
