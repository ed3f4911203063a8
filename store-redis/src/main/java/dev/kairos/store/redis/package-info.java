/**
 * {@link dev.kairos.store.redis.RedisEnrollmentStore} keeps each account's enrollment in one Redis string value and
 * does the SPI's compare-and-set with one Lua script; {@link dev.kairos.store.redis.RedisReplayGuard} is a
 * cluster-wide {@link dev.kairos.core.ReplayGuard} for users of the core engine alone. Failures are
 * {@link dev.kairos.store.redis.RedisStoreException}s that say whether a write's outcome is unknown.
 *
 * <pre>{@code
 * RedisClient client = RedisClient.create("redis://redis.internal:6379");
 * RedisEnrollmentStore store = RedisEnrollmentStore.builder(client).build();
 * Enrollments mfa = Enrollments.builder(store).issuer("ACME Corp").sealWith(keyRing).build();
 * }</pre>
 */
package dev.kairos.store.redis;
