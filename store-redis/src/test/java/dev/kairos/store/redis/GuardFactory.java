package dev.kairos.store.redis;

import dev.kairos.core.ReplayGuard;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds the guard the second process races with. */
final class GuardFactory {
    private GuardFactory() {
    }

    /**
     * "redis" with a port: a standalone server; "redis-cluster" with comma-separated ports: a cluster, through a
     * client with {@link RedisClusterSettings#recommendedOptions()} and a 2 s command timeout;
     * "redis-cluster-default-options": the same with Lettuce's default options.
     */
    static AutoCloseable create(String kind, String where) {
        if (kind.equals("redis")) {
            return RedisReplayGuard.builder(RedisURI.create("redis://127.0.0.1:" + where))
                    .retention(Duration.ofMinutes(5)).build();
        }
        if (kind.startsWith("redis-cluster")) {
            List<RedisURI> seeds = new ArrayList<>();
            for (String port : where.split(",")) {
                seeds.add(RedisURI.builder().withHost("127.0.0.1").withPort(Integer.parseInt(port))
                        .withTimeout(Duration.ofSeconds(2)).build());
            }
            RedisClusterClient client = RedisClusterClient.create(seeds);
            if (!kind.equals("redis-cluster-default-options")) {
                client.setOptions(RedisClusterSettings.recommendedOptions());
            }
            RedisReplayGuard guard = RedisReplayGuard.builder(client).retention(Duration.ofMinutes(5)).build();
            return new ClientOwningGuard(guard, client);
        }
        throw new IllegalArgumentException("unknown guard " + kind);
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

    /** The "redis-cluster" argument for a cluster: its ports, comma-separated. */
    static String ports(RedisCluster cluster) {
        List<String> ports = new ArrayList<>();
        for (RedisServer node : cluster.nodes()) {
            ports.add(Integer.toString(node.port()));
        }
        return String.join(",", ports);
    }
}
