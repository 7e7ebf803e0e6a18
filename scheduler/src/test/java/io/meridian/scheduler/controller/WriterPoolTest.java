package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriterPoolTest {

    private final WriterPool pool = new WriterPool(1);

    @AfterEach
    void shutDown() {
        pool.shutdown();
    }

    @Test
    void waitingWritesThatMoveClustersGoBeforeRefreshesSubmittedEarlierThenInTheirOrder() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        pool.submit(WriterPool.Urgency.REFRESH, () -> await(busy));
        List<CompletableFuture<Void>> writes = List.of(
                pool.submit(WriterPool.Urgency.REFRESH, () -> order.add("refresh a")),
                pool.submit(WriterPool.Urgency.REFRESH, () -> order.add("refresh b")),
                pool.submit(WriterPool.Urgency.DECISION, () -> order.add("decision c")),
                pool.submit(WriterPool.Urgency.DECISION, () -> order.add("decision d")));
        busy.countDown();

        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(order).containsExactly("decision c", "decision d", "refresh a", "refresh b");
    }

    @Test
    void aWriteThatThrowsCompletesExceptionallyAndTheNextOnesStillRun() throws Exception {
        CompletableFuture<Void> failing = pool.submit(WriterPool.Urgency.DECISION, () -> {
            throw new IllegalStateException("response not understood");
        });
        CompletableFuture<Void> next = pool.submit(WriterPool.Urgency.DECISION, () -> { });

        next.get(10, TimeUnit.SECONDS);
        assertThat(failing).isCompletedExceptionally();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
