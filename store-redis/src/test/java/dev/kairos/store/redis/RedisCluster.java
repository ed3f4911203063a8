package dev.kairos.store.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster of 3 masters and 3 replicas (6 redis-server processes on free loopback ports, created with
 * {@code redis-cli --cluster create ... --cluster-replicas 1}), started by a test and ready once every node says
 * {@code cluster_state:ok} and every master has a replica online. Without redis-server or redis-cli the tests are
 * skipped, or fail under {@code CI} (as {@link RedisServer}).
 *
 * <p>{@code cluster-require-full-coverage no}: the other masters keep answering while one master's slots fail over.
 * {@code cluster-node-timeout} is 1 s (the default is 15 s), so a killed master's replica takes over within about
 * 2 to 3 s; replication starts at once ({@code repl-diskless-sync-delay 0}).
 */
final class RedisCluster implements AutoCloseable {
    static final int NODE_TIMEOUT_MILLIS = 1000;
    private static RedisCluster shared;

    private final List<RedisServer> nodes;
    private final String cli;

    private RedisCluster(List<RedisServer> nodes, String cli) {
        this.nodes = nodes;
        this.cli = cli;
    }

    /**
     * The cluster shared by the test classes of this JVM that leave its topology alone (started on first use, stopped
     * when the JVM exits), so the module starts one cluster, not one per class.
     */
    static synchronized RedisCluster shared() {
        if (shared == null) {
            shared = start();
            RedisCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        }
        return shared;
    }

    /** Starts a cluster of its own (for a test that kills nodes); the caller closes it. */
    static RedisCluster start() {
        return start(false);
    }

    /**
     * Starts a cluster of its own. {@code fullCoverage}: Redis's default {@code cluster-require-full-coverage yes}, with
     * which every master answers {@code CLUSTERDOWN} while any slot has no master (from a master's failure until its
     * replica takes over); the tests otherwise use {@code no}, which docs/stores.md recommends.
     */
    static RedisCluster start(boolean fullCoverage) {
        String cli = RedisServer.findBinary("redis-cli");
        if (cli == null || RedisServer.findBinary("redis-server") == null) {
            RedisServer.skipOrFail(System.getenv("CI"));
        }
        List<RedisServer> nodes = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(nodes, cli);
        try {
            for (int i = 0; i < 6; i++) {
                nodes.add(RedisServer.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", Integer.toString(NODE_TIMEOUT_MILLIS),
                        "--repl-diskless-sync-delay", "0", "--cluster-require-full-coverage",
                        fullCoverage ? "yes" : "no"));
            }
            List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
            for (RedisServer node : nodes) {
                create.add("127.0.0.1:" + node.port());
            }
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            String out = run(create);
            if (!out.contains("[OK] All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
            }
            cluster.awaitReady(Duration.ofSeconds(30));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Waits until every live node says the cluster is ok and every master has a replica online. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (ready()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Redis Cluster was not ready within " + timeout);
            }
            RedisServer.sleep(100);
        }
    }

    private boolean ready() {
        int mastersWithReplica = 0;
        for (RedisServer node : nodes) {
            if (!node.alive()) {
                continue;
            }
            if (!cli(node, "cluster", "info").contains("cluster_state:ok")) {
                return false;
            }
            String replication = cli(node, "info", "replication");
            if (replication.contains("role:master") && ReplicaWait.onlineReplicas(replication) > 0) {
                mastersWithReplica++;
            }
        }
        return mastersWithReplica == 3;
    }

    /** Waits until every live node says {@code cluster_state:ok} (e.g. after a failover). */
    void awaitOk(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nodes.stream().filter(RedisServer::alive).anyMatch(n -> !cli(n, "cluster", "info")
                .contains("cluster_state:ok"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Redis Cluster was not ok within " + timeout);
            }
            RedisServer.sleep(50);
        }
    }

    /** The live node that is master of a hash slot now. */
    RedisServer masterOf(int slot) {
        for (RedisServer node : nodes) {
            if (node.alive() && cli(node, "info", "replication").contains("role:master")
                    && ownsSlot(cli(node, "cluster", "nodes"), slot)) {
                return node;
            }
        }
        throw new IllegalStateException("no live master holds slot " + slot);
    }

    /** Waits until a live node other than the dead one is master of the slot (the replica took over). */
    RedisServer awaitMasterOf(int slot, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return masterOf(slot);
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no replica took over slot " + slot + " within " + timeout);
                }
                RedisServer.sleep(20);
            }
        }
    }

    /** The slots a master holds now. */
    BitSet slotsOf(RedisServer master) {
        BitSet slots = new BitSet(16384);
        String nodes = cli(master, "cluster", "nodes");
        for (int slot = 0; slot < 16384; slot++) {
            if (ownsSlot(nodes, slot)) {
                slots.set(slot);
            }
        }
        return slots;
    }

    /** Whether the "myself" line of CLUSTER NODES lists the slot. */
    private static boolean ownsSlot(String clusterNodes, int slot) {
        for (String line : clusterNodes.split("\n")) {
            String[] fields = line.trim().split(" ");
            if (fields.length < 3 || !fields[2].contains("myself")) {
                continue;
            }
            for (int i = 8; i < fields.length; i++) {
                if (fields[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] range = fields[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The seed URIs (every node) with a command timeout. */
    List<RedisURI> uris(Duration timeout) {
        List<RedisURI> uris = new ArrayList<>();
        for (RedisServer node : nodes) {
            uris.add(node.uri(timeout));
        }
        return uris;
    }

    /**
     * A cluster client with the options docs/stores.md recommends: adaptive topology refresh on every trigger
     * (MOVED, ASK, persistent reconnects, failed-over nodes) plus a periodic refresh, commands to a disconnected node
     * refused at once instead of queued until their timeout, and short connect timeouts, so a dead master delays only
     * the calls for its own slots.
     */
    RedisClusterClient tunedClient(Duration commandTimeout) {
        RedisClusterClient client = RedisClusterClient.create(uris(commandTimeout));
        client.setOptions(RedisClusterSettings.recommendedOptions());
        return client;
    }

    /** A cluster client with Lettuce's default options (no adaptive refresh) and the given command timeout. */
    RedisClusterClient defaultClient(Duration commandTimeout) {
        RedisClusterClient client = RedisClusterClient.create(uris(commandTimeout));
        client.setOptions(ClusterClientOptions.builder()
                .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder().build()).build());
        return client;
    }

    /** Runs redis-cli against a node and returns its output. */
    String cli(RedisServer node, String... args) {
        List<String> command = new ArrayList<>(List.of(cli, "-h", "127.0.0.1", "-p", Integer.toString(node.port())));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<RedisServer> nodes() {
        return nodes;
    }

    @Override
    public void close() {
        for (RedisServer node : nodes) {
            node.close();
        }
    }
}
