package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.EnrollmentRecord;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Lettuce's at-least-once delivery, made to happen: a compare-and-set reaches Redis and applies, its reply is lost, the
 * connection drops, Lettuce reconnects and sends the script again, and the second delivery answers "version mismatch".
 * The store must not report that {@code false}: it throws with {@code outcomeUnknown()}. (A proxy between Lettuce and
 * redis-server loses the reply and drops the connection.)
 */
class RedisLostReplyTest {

    @Test
    void aFalseThatAnswersASecondDeliveryAfterADroppedConnectionIsAnUnknownOutcome() throws Exception {
        StatefulRedisConnection<String, String> direct = SharedRedis.standalone();
        try (CountingProxy proxy = new CountingProxy(SharedRedis.standalonePort())) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(proxy.port())
                    .withTimeout(Duration.ofSeconds(20)).build());
            try (StatefulRedisConnection<String, String> connection = client.connect();
                    RedisEnrollmentStore store = RedisEnrollmentStore.builder(connection).build()) {
                EnrollmentRecord r = Records.active(Records.newAccountId("lost"), 1);
                assertTrue(store.insertIfAbsent(r));
                store.replaceIfVersion(0, r.withVersion(1)); // loads the script (false: the version is 1)

                proxy.swallowReplies(true);
                CompletableFuture<Boolean> replace = CompletableFuture.supplyAsync(
                        () -> store.replaceIfVersion(1, r.withVersion(2)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!direct.sync().get(store.keyOf(r.accountId())).contains("version=2\n")) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the first delivery never applied");
                    }
                    RedisServer.sleep(5);
                }
                proxy.swallowReplies(false);
                proxy.disconnectClients(); // Lettuce reconnects and sends the script again: it answers 0

                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> replace.get(20, TimeUnit.SECONDS), "a false here would deny a write that applied");
                RedisStoreException failure = assertInstanceOf(RedisStoreException.class, e.getCause());
                assertTrue(failure.outcomeUnknown(), failure.getMessage());
                assertFalse(failure.getCause() instanceof RedisCommandTimeoutException,
                        "the second delivery's reply came: the dropped connection is what made it doubtful");
            } finally {
                client.shutdown();
            }
        }
    }
}
