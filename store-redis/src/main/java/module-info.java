/**
 * Kairos Redis store: an {@link dev.kairos.store.EnrollmentStore} and a {@link dev.kairos.core.ReplayGuard} on
 * Redis through Lettuce, so that several login servers share the replay guard and the failure counter of every
 * account. Every compare-and-set is one Lua script, run atomically by Redis.
 */
module dev.kairos.store.redis {
    requires transitive dev.kairos.store;
    requires transitive lettuce.core;

    exports dev.kairos.store.redis;
}
