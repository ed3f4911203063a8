package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What a replay guard on one redis-server remembers after the process is killed (SIGKILL) and started again, per
 * persistence setting: the rows of the guarantee table in docs/stores.md. Each test accepts a step for 200 credentials,
 * kills and restarts the server, then counts how many of those codes are accepted a second time.
 */
class RedisDurabilityTest {
    private static final int CREDENTIALS = 200;

    @Test
    void withOnlyRdbSnapshotsEveryStepAcceptedSinceTheLastSnapshotIsAcceptedAgain() {
        // Redis's default persistence, with no snapshot due before the kill ("save 3600 1": at most hourly).
        assertEquals(CREDENTIALS, acceptedAgainAfterKill(Duration.ZERO, "--save", "3600 1"),
                "the replay window: every code accepted since the last snapshot");
    }

    @Test
    void withAppendfsyncAlwaysNoAcceptedStepIsAcceptedAgain() {
        assertEquals(0, acceptedAgainAfterKill(Duration.ZERO, "--appendonly", "yes", "--appendfsync", "always"));
    }

    @Test
    void withAppendfsyncEverysecStepsAcceptedTwoSecondsBeforeTheKillAreNotAcceptedAgain() {
        // The window is the last second or so of writes (Redis fsyncs once a second); older ones are on disk.
        assertEquals(0, acceptedAgainAfterKill(Duration.ofMillis(2500), "--appendonly", "yes", "--appendfsync",
                "everysec"));
    }

    private static int acceptedAgainAfterKill(Duration beforeKill, String... persistence) {
        String prefix = "durable-" + UUID.randomUUID() + "-";
        try (RedisServer server = RedisServer.start(persistence)) {
            try (RedisReplayGuard guard = guard(server)) {
                for (int i = 0; i < CREDENTIALS; i++) {
                    if (!guard.tryAccept(prefix + i, 5)) {
                        throw new AssertionError("a fresh credential was refused");
                    }
                }
            }
            RedisServer.sleep(beforeKill.toMillis());
            server.kill();
            server.restart();
            int again = 0;
            try (RedisReplayGuard guard = guard(server)) {
                for (int i = 0; i < CREDENTIALS; i++) {
                    again += guard.tryAccept(prefix + i, 5) ? 1 : 0;
                }
            }
            return again;
        }
    }

    private static RedisReplayGuard guard(RedisServer server) {
        return RedisReplayGuard.builder(server.uri(Duration.ofSeconds(5))).retention(Duration.ofMinutes(5)).build();
    }
}
