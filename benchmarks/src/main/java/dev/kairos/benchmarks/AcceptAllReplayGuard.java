package dev.kairos.benchmarks;

import dev.kairos.core.ReplayGuard;

/**
 * BENCHMARK ONLY — never use it in a server: a guard that accepts every step, so that {@code verifyRight} can be
 * called again and again with the same code and measures the verification itself, like the peers (none of which
 * has a replay guard). The cost of the real guard is measured on its own by {@link KairosReplayGuard}.
 */
enum AcceptAllReplayGuard implements ReplayGuard {
    INSTANCE;

    @Override
    public boolean tryAccept(String credentialId, long timeStep) {
        return true;
    }
}
