package dev.kairos.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import java.time.Duration;

/**
 * Lettuce options for a {@code RedisClusterClient} under a Redis Cluster failover, so that a dead master delays or
 * fails only the calls for its own hash slots while the other masters' calls go on at their usual speed (measured in
 * {@code RedisClusterFailoverTest}; numbers in {@code docs/stores.md}).
 *
 * <pre>{@code
 * RedisClusterClient client = RedisClusterClient.create(seedUris);        // each URI carries the command timeout
 * client.setOptions(RedisClusterSettings.recommendedOptions());
 * RedisEnrollmentStore store = RedisEnrollmentStore.builder(client).build();
 * }</pre>
 *
 * <p>Why each option: Lettuce's defaults queue a command for a disconnected node until its timeout, keep trying to
 * reconnect to a dead node, and refresh the topology only when asked, so every thread that touches an account on the
 * dead master blocks for the whole command timeout, and until someone refreshes the topology it keeps doing so after
 * the replica has taken over.
 *
 * <p>Thread-safe: the options are immutable.
 */
public final class RedisClusterSettings {
    private RedisClusterSettings() {
    }

    /**
     * Returns cluster client options that keep a failover local to the failed master's slots:
     * <ul>
     *   <li>adaptive topology refresh on every trigger ({@code MOVED}, {@code ASK}, a reconnect that keeps failing, a
     *       node marked failed), at most every 500 ms, plus a periodic refresh every 30 s, so the promoted replica is
     *       used as soon as the cluster has promoted it;</li>
     *   <li>commands to a disconnected node are rejected at once ({@code REJECT_COMMANDS}) rather than queued until
     *       their timeout: a caller for an account on the dead master gets an error in microseconds instead of
     *       holding its thread for the command timeout;</li>
     *   <li>a connect timeout of 1 s.</li>
     * </ul>
     * The command timeout is the application's (the {@code RedisURI}'s); a rejected command throws a
     * {@link RedisStoreException}.
     *
     * @return the options
     */
    public static ClusterClientOptions recommendedOptions() {
        ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers()
                .adaptiveRefreshTriggersTimeout(Duration.ofMillis(500))
                .refreshTriggersReconnectAttempts(1)
                .enablePeriodicRefresh(Duration.ofSeconds(30))
                .build();
        return ClusterClientOptions.builder()
                .topologyRefreshOptions(refresh)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
                .build();
    }
}
