package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.redis.FailoverRacer.Call;
import dev.kairos.store.tck.ReplayGuardRace;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Kills a master (SIGKILL of its redis-server process) of a 3-master/3-replica Redis Cluster while this JVM and a
 * second JVM (a child process started by the test) race {@code tryAccept} over the same credentials and steps, and
 * checks that no (credential, step) was accepted twice, before, during or after the failover, and that every last
 * accepted step is still refused afterwards. Prints what the callers saw (errors by kind) and the latency of the calls
 * on the other masters' slots during the failover, against the dead master's.
 *
 * <p>By default the clients use {@link RedisClusterSettings#recommendedOptions()}; {@code
 * -Dkairos.failover.options=default} runs the same with Lettuce's defaults, and {@code
 * -Dkairos.failover.fullCoverage=true} with Redis's default {@code cluster-require-full-coverage yes}, for comparison
 * (docs/stores.md).
 */
class RedisClusterFailoverTest {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    @Test
    void killingAMasterDuringRacingVerificationsFromTwoJvmsAcceptsNoCodeTwice() throws Exception {
        boolean defaults = "default".equals(System.getProperty("kairos.failover.options"));
        boolean fullCoverage = Boolean.getBoolean("kairos.failover.fullCoverage");
        int credentials = 300;
        int threads = 4;
        long millis = 9000;
        long firstStep = 1000;
        String prefix = "failover-" + UUID.randomUUID() + "-";
        try (RedisCluster cluster = RedisCluster.start(fullCoverage)) {
            RedisClusterClient client = defaults ? cluster.defaultClient(COMMAND_TIMEOUT)
                    : cluster.tunedClient(COMMAND_TIMEOUT);
            try (RedisReplayGuard guard = RedisReplayGuard.builder(client).retention(Duration.ofMinutes(5)).build()) {
                int victimSlot = SlotHash.getSlot(RedisReplayGuard.DEFAULT_KEY_PREFIX + prefix + 0);
                RedisServer victim = cluster.masterOf(victimSlot);
                BitSet victimSlots = cluster.slotsOf(victim);
                boolean[] onVictim = new boolean[credentials];
                for (int i = 0; i < credentials; i++) {
                    onVictim[i] = victimSlots.get(SlotHash.getSlot(RedisReplayGuard.DEFAULT_KEY_PREFIX + prefix + i));
                }
                for (int i = 0; i < 300; i++) {
                    guard.tryAccept("warmup-" + prefix + i, 1);
                }
                Process other = ReplayGuardRace.spawnMain(FailoverRacer.class, "redis",
                        RedisGuardFactory.cluster(cluster, !defaults),
                        prefix, Integer.toString(credentials), Integer.toString(threads), Long.toString(millis),
                        Long.toString(firstStep));
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(),
                            StandardCharsets.UTF_8));
                    assertEquals("READY", out.readLine(), "the second JVM started");
                    List<Call> mine = new ArrayList<>();
                    Thread local = new Thread(() -> {
                        try {
                            mine.addAll(FailoverRacer.race(guard, prefix, credentials, threads, millis, firstStep));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                    long goAt = System.nanoTime();
                    new PrintStream(other.getOutputStream(), true, StandardCharsets.UTF_8).println("GO");
                    local.start();
                    RedisServer.sleep(2500);
                    long killAt = System.nanoTime();
                    victim.kill();
                    RedisServer promoted = cluster.awaitMasterOf(victimSlot, Duration.ofSeconds(30));
                    long promotedAt = System.nanoTime();
                    local.join();
                    Map<String, Integer> accepts = new HashMap<>();
                    for (Call c : mine) {
                        if (c.accepted()) {
                            accepts.merge(c.credential() + " " + c.step(), 1, Integer::sum);
                        }
                    }
                    Map<String, Integer> theirErrors = new TreeMap<>();
                    int theirCalls = 0;
                    for (String line = out.readLine(); !"DONE".equals(line); line = out.readLine()) {
                        if (line == null) {
                            throw new AssertionError("the second JVM ended without DONE");
                        }
                        if (line.startsWith("A ")) {
                            accepts.merge(line.substring(2), 1, Integer::sum);
                        } else if (line.startsWith("E ")) {
                            int space = line.lastIndexOf(' ');
                            theirErrors.put(line.substring(2, space), Integer.parseInt(line.substring(space + 1)));
                        } else if (line.startsWith("C ")) {
                            theirCalls = Integer.parseInt(line.substring(2));
                        }
                    }
                    assertTrue(other.waitFor(30, TimeUnit.SECONDS));

                    List<String> twice = accepts.entrySet().stream().filter(e -> e.getValue() > 1)
                            .map(Map.Entry::getKey).toList();
                    assertEquals(List.of(), twice, "(credential step) accepted twice across the failover");
                    // The last accepted step of every credential survived the failover: it is refused now.
                    Map<Integer, Long> last = new HashMap<>();
                    for (String pair : accepts.keySet()) {
                        String[] f = pair.split(" ");
                        last.merge(Integer.parseInt(f[0]), Long.parseLong(f[1]), Math::max);
                    }
                    int unreachable = 0;
                    for (Map.Entry<Integer, Long> e : last.entrySet()) {
                        try {
                            assertFalse(guard.tryAccept(prefix + e.getKey(), e.getValue()),
                                    "credential " + e.getKey() + ": its last accepted step is accepted again");
                        } catch (RedisStoreException stuck) {
                            if (!defaults) {
                                throw stuck;
                            }
                            unreachable++; // Lettuce's defaults never refresh the topology: the slot stays dead
                        }
                    }
                    System.out.println("  after the failover, last accepted steps refused again: "
                            + (last.size() - unreachable) + ", calls failed: " + unreachable);

                    Predicate<Call> otherSlots = c -> !onVictim[c.credential()];
                    Predicate<Call> during = c -> c.startNanos() >= killAt && c.startNanos() < promotedAt;
                    List<Call> othersDuring = mine.stream().filter(otherSlots.and(during)).toList();
                    List<Call> victimDuring = mine.stream().filter(otherSlots.negate().and(during)).toList();
                    List<Call> othersBefore = mine.stream()
                            .filter(c -> !onVictim[c.credential()] && c.startNanos() < killAt).toList();
                    long firstVictimSuccessAfterKill = mine.stream()
                            .filter(c -> onVictim[c.credential()] && c.error() == null && c.startNanos() > killAt)
                            .mapToLong(Call::endNanos).min().orElse(Long.MAX_VALUE);
                    System.out.printf("failover (%s options, %d ms command timeout, cluster-require-full-coverage %s): %d credentials, %d of them on "
                            + "the killed master; %d (credential, step) accepted overall, 0 twice; this JVM %d "
                            + "calls, the other %d%n", defaults ? "Lettuce's default" : "recommended",
                            COMMAND_TIMEOUT.toMillis(), fullCoverage ? "yes" : "no", credentials, count(onVictim), accepts.size(), mine.size(),
                            theirCalls);
                    System.out.printf("  kill at %d ms after GO; replica %d promoted (seen by the test) %d ms after "
                            + "the kill; first success on the killed master's slots %d ms after the kill%n",
                            (killAt - goAt) / 1_000_000, promoted.port(), (promotedAt - killAt) / 1_000_000,
                            firstVictimSuccessAfterKill == Long.MAX_VALUE ? -1
                                    : (firstVictimSuccessAfterKill - killAt) / 1_000_000);
                    System.out.println("  other masters' slots before the kill: " + latency(othersBefore));
                    System.out.println("  other masters' slots, kill..promotion: " + latency(othersDuring));
                    System.out.println("  killed master's slots, kill..promotion: " + latency(victimDuring));
                    System.out.println("  errors seen by this JVM: " + FailoverRacer.errorsByKind(mine));
                    System.out.println("  errors seen by the other JVM: " + theirErrors);
                    if (!defaults && !fullCoverage) {
                        assertEquals(Map.of(), FailoverRacer.errorsByKind(mine.stream().filter(otherSlots).toList()),
                                "with the recommended options the other masters' calls do not fail");
                    }
                } finally {
                    other.destroyForcibly();
                }
            } finally {
                client.shutdown();
            }
        }
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    /** Count, errors, median, 99th percentile and maximum latency of some calls, in microseconds. */
    private static String latency(List<Call> calls) {
        if (calls.isEmpty()) {
            return "no calls";
        }
        long[] micros = calls.stream().mapToLong(Call::micros).sorted().toArray();
        long errors = calls.stream().filter(c -> c.error() != null).count();
        return String.format("%d calls, %d errors, p50 %d us, p99 %d us, max %d us", micros.length, errors,
                micros[micros.length / 2], micros[(int) Math.min(micros.length - 1, micros.length * 99L / 100)],
                micros[micros.length - 1]);
    }
}
