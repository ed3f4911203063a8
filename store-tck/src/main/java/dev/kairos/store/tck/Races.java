package dev.kairos.store.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The kit's races: real threads that all start at the same instant, so a non-atomic store loses in one of them. */
final class Races {

    private Races() {
    }

    static List<Boolean> run(ExecutorService pool, int racers, EnrollmentStoreContract.Racer racer) throws Exception {
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> futures = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            int index = i;
            Callable<Boolean> task = () -> {
                ready.countDown();
                start.await();
                return racer.run(index);
            };
            futures.add(pool.submit(task));
        }
        if (!ready.await(30, TimeUnit.SECONDS)) {
            fail("racing threads did not start");
        }
        start.countDown();
        List<Boolean> results = new ArrayList<>();
        for (Future<Boolean> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    static int count(List<Boolean> results) {
        return (int) results.stream().filter(b -> b).count();
    }
}
