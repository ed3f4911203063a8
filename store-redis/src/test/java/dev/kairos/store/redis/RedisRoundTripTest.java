package dev.kairos.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kairos.store.EnrollmentRecord;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counts what a verification's store calls (find, then replaceIfVersion) cost on Redis: the commands sent (each one
 * round trip; Lettuce's command events) and the bytes each way (a counting proxy between Lettuce and redis-server).
 * Today: GET and EVALSHA, two round trips, and the whole record each way. The numbers are printed for docs/stores.md;
 * the test pins the commands, not the bytes (they follow the record's size).
 */
class RedisRoundTripTest {

    @Test
    void aVerificationIsOneGetAndOneScriptAndMovesTheWholeRecordEachWay() {
        int port = SharedRedis.standalonePort();
        try (CountingProxy proxy = new CountingProxy(port)) {
            RedisClient client = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + proxy.port()));
            List<String> commands = Collections.synchronizedList(new ArrayList<>());
            client.addListener(new CommandListener() {
                @Override
                public void commandStarted(CommandStartedEvent event) {
                    commands.add(event.getCommand().getType().toString());
                }
            });
            try (StatefulRedisConnection<String, String> connection = client.connect();
                    RedisEnrollmentStore store = RedisEnrollmentStore.builder(connection).build()) {
                String id = Records.newAccountId("rt");
                assertTrue(store.insertIfAbsent(Records.active(id, 1)));
                store.replaceIfVersion(1, Records.next(store.find(id).orElseThrow())); // loads the script

                commands.clear();
                proxy.reset();
                EnrollmentRecord read = store.find(id).orElseThrow();
                assertTrue(store.replaceIfVersion(read.version(), Records.next(read)));
                assertEquals(List.of("GET", "EVALSHA"), commands);
                System.out.printf("Redis, one verification's store calls: %d round trips, %d bytes up, %d bytes "
                        + "down (a record value of about %d bytes)%n", commands.size(), proxy.up(), proxy.down(),
                        connection.sync().strlen(store.keyOf(id)));
            } finally {
                client.shutdown();
            }
        }
    }
}
