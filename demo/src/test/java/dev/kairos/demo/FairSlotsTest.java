package dev.kairos.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 24, finding 5: with a plain semaphore, 16 addresses flooding sign-ins held every password-check slot and a
 * real user got "busy" in 18 of 20 tries. Real threads wait in line here; the test waits until they do, then frees
 * one slot and sees who gets it.
 */
class FairSlotsTest {

    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    @Test
    void aFreedSlotGoesToTheClientServedLeastRecentlyNotToTheFloodThatCameFirst() throws Exception {
        FairSlots slots = new FairSlots(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            // Sixteen flooding addresses, each served before.
            for (int i = 0; i < 16; i++) {
                assertTrue(slots.acquire("203.0.113." + i, LONG));
                slots.release();
            }
            assertTrue(slots.acquire("203.0.113.0", LONG)); // one of them holds the only slot
            List<CompletableFuture<String>> flood = new ArrayList<>();
            for (int i = 1; i < 16; i++) {
                String address = "203.0.113." + i;
                flood.add(CompletableFuture.supplyAsync(() -> take(slots, address), threads));
                waitForLine(slots, i);
            }
            CompletableFuture<String> user = CompletableFuture.supplyAsync(() -> take(slots, "198.51.100.7"), threads);
            waitForLine(slots, 16);

            slots.release();
            assertEquals("198.51.100.7", user.get(10, TimeUnit.SECONDS), "the user who came last is served first");
            for (CompletableFuture<String> f : flood) {
                assertFalse(f.isDone(), "the flood still waits");
            }
            // Control: the flood is served too, one by one, as slots free up (nobody starves).
            for (int i = 0; i < 16; i++) {
                slots.release();
            }
            for (CompletableFuture<String> f : flood) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClientGetsOnePlaceInLineASecondRequestIsRefusedAtOnce() throws Exception {
        FairSlots slots = new FairSlots(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            assertTrue(slots.acquire("198.51.100.7", LONG));
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> acquire(slots, "203.0.113.5"),
                    threads);
            waitForLine(slots, 1);
            assertFalse(slots.acquire("203.0.113.5", LONG), "no second place in line (returns at once: LONG is 30 s)");
            slots.release();
            assertTrue(first.get(10, TimeUnit.SECONDS), "control: its first request gets the slot");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void noSlotInTimeIsARefusalAndLeavesNoPlaceInLine() throws Exception {
        FairSlots slots = new FairSlots(1);
        assertTrue(slots.acquire("a", LONG));
        assertFalse(slots.acquire("b", TimeUnit.MILLISECONDS.toNanos(20)));
        assertEquals(0, slots.waiting());
        slots.release();
        assertTrue(slots.acquire("b", LONG));
    }

    private static String take(FairSlots slots, String client) {
        if (!acquire(slots, client)) {
            throw new AssertionError(client + " got no slot");
        }
        return client;
    }

    private static boolean acquire(FairSlots slots, String client) {
        try {
            return slots.acquire(client, LONG);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void waitForLine(FairSlots slots, int length) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (slots.waiting() < length) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the line never reached " + length);
            }
            Thread.sleep(5);
        }
    }
}
