package dev.kairos.store.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** Opens the connection a builder was given the means for, and remembers what the built object must close. */
final class Closing {
    private Closing() {
    }

    /** A connection, and what to close with the object that uses it (null: the caller owns it). */
    record Opened(StatefulRedisConnection<String, String> connection, AutoCloseable owned) {
    }

    static Opened open(StatefulRedisConnection<String, String> connection, RedisClient client, RedisURI uri,
            String what) {
        if (connection != null) {
            return new Opened(connection, null);
        }
        RedisClient c = client != null ? client : RedisClient.create(uri);
        try {
            StatefulRedisConnection<String, String> opened = c.connect();
            if (client != null) {
                return new Opened(opened, opened::close);
            }
            return new Opened(opened, () -> {
                opened.close();
                c.shutdown();
            });
        } catch (RedisException e) {
            if (client == null) {
                c.shutdown();
            }
            throw new RedisStoreException(what + ": could not connect to Redis: " + e.getClass().getSimpleName(), e,
                    false);
        }
    }

    static void close(AutoCloseable owned) {
        if (owned == null) {
            return;
        }
        try {
            owned.close();
        } catch (Exception e) {
            throw new RedisStoreException("closing the Redis connection failed", e, false);
        }
    }
}
