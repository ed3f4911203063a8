package dev.kairos.store.redis;

import dev.kairos.core.ReplayGuard;
import io.lettuce.core.RedisCommandExecutionException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Races {@link ReplayGuard#tryAccept} for a while, through failures: every thread goes round after round over all
 * credentials (round r tries step {@code firstStep + r}, each thread in its own random order) until the time is up,
 * recording every call (credential, step, outcome, start and end in {@code System.nanoTime()}). A call that throws is
 * recorded as an error, by kind, and the thread goes on. In a second JVM ({@link #main}) it prints one
 * "A credential step" line per accept, then one "E kind count" line per kind of error, then DONE.
 */
final class FailoverRacer {
    /** One call: an accept, a refusal or an error (then {@code error} names its kind). */
    record Call(int credential, long step, boolean accepted, String error, long startNanos, long endNanos) {
        long micros() {
            return (endNanos - startNanos) / 1000;
        }
    }

    private FailoverRacer() {
    }

    static List<Call> race(ReplayGuard guard, String prefix, int credentials, int threads, long millis,
            long firstStep) throws InterruptedException {
        List<List<Call>> perThread = new ArrayList<>();
        List<Thread> racers = new ArrayList<>();
        long end = System.nanoTime() + millis * 1_000_000;
        for (int t = 0; t < threads; t++) {
            List<Call> calls = new ArrayList<>();
            perThread.add(calls);
            Thread thread = new Thread(() -> {
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < credentials; i++) {
                    order.add(i);
                }
                for (long step = firstStep; System.nanoTime() < end; step++) {
                    Collections.shuffle(order);
                    for (int i : order) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            return;
                        }
                        try {
                            boolean accepted = guard.tryAccept(prefix + i, step);
                            calls.add(new Call(i, step, accepted, null, start, System.nanoTime()));
                        } catch (RuntimeException e) {
                            calls.add(new Call(i, step, false, kind(e), start, System.nanoTime()));
                        }
                    }
                }
            });
            thread.start();
            racers.add(thread);
        }
        List<Call> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            racers.get(t).join();
            all.addAll(perThread.get(t));
        }
        return all;
    }

    /** An error's kind: the exception, its cause, and whether the outcome is unknown. */
    static String kind(RuntimeException e) {
        String kind = e.getClass().getSimpleName();
        if (e.getCause() != null) {
            kind += "/" + e.getCause().getClass().getSimpleName();
            String message = String.valueOf(e.getCause().getMessage());
            if (e.getCause() instanceof RedisCommandExecutionException) {
                kind += ":" + message.split(" ")[0]; // the error code Redis replied, e.g. CLUSTERDOWN
            } else if (message.startsWith("Currently not connected")) {
                kind += ":rejected-while-disconnected";
            }
        }
        if (e instanceof RedisStoreException r) {
            kind += r.outcomeUnknown() ? "(outcomeUnknown)" : "(nothing written)";
        }
        return kind;
    }

    static Map<String, Integer> errorsByKind(List<Call> calls) {
        Map<String, Integer> errors = new TreeMap<>();
        for (Call c : calls) {
            if (c.error() != null) {
                errors.merge(c.error(), 1, Integer::sum);
            }
        }
        return errors;
    }

    /** The second process: args (unused), where (as {@link RedisGuardFactory}), prefix, credentials, threads, millis,
     * firstStep. */
    public static void main(String[] args) throws Exception {
        String prefix = args[2];
        ReplayGuard guard = new RedisGuardFactory().open(args[1]);
        try {
            for (int i = 0; i < 300; i++) {
                guard.tryAccept("warmup-" + prefix + i, 1);
            }
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            List<Call> calls = race(guard, prefix, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Long.parseLong(args[5]), Long.parseLong(args[6]));
            StringBuilder out = new StringBuilder();
            for (Call c : calls) {
                if (c.accepted()) {
                    out.append("A ").append(c.credential()).append(' ').append(c.step()).append('\n');
                }
            }
            errorsByKind(calls).forEach((kind, n) -> out.append("E ").append(kind).append(' ').append(n)
                    .append('\n'));
            out.append("C ").append(calls.size()).append('\n');
            System.out.print(out);
            System.out.println("DONE");
            System.out.flush();
        } finally {
            ((AutoCloseable) guard).close();
        }
    }
}
