package io.meridian.scheduler.controller;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads that write statuses and slices: a few writes in flight hide the API server's
 * latency, since writes of different placements are independent. Waiting writes go in order of
 * urgency, then of submission: a placement whose clusters change is written before statuses that
 * only refresh a condition or a reason, even when those were submitted earlier, so a user sees a
 * cluster that failed being left as soon as the pass has decided it.
 */
final class WriterPool {

    /** Most urgent first. */
    enum Urgency {
        /** The selected clusters change, or the placement's generation has not been answered yet. */
        DECISION,
        /** The same clusters: conditions, scores or reasons change. */
        REFRESH
    }

    private record Write(Urgency urgency, long sequence, Runnable write, CompletableFuture<Void> done)
            implements Runnable, Comparable<Write> {

        @Override
        public void run() {
            try {
                write.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public int compareTo(Write other) {
            int byUrgency = urgency.compareTo(other.urgency);
            return byUrgency != 0 ? byUrgency : Long.compare(sequence, other.sequence);
        }
    }

    private final ThreadPoolExecutor executor;
    private final AtomicLong sequence = new AtomicLong();

    WriterPool(int concurrency) {
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(concurrency, concurrency, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "meridian-writer-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // Every write then waits in the queue, in order; a thread started for a write would run it at once.
        executor.prestartAllCoreThreads();
    }

    /** @return completes when the write has run, exceptionally if it threw */
    CompletableFuture<Void> submit(Urgency urgency, Runnable write) {
        Write task = new Write(urgency, sequence.getAndIncrement(), write, new CompletableFuture<>());
        executor.execute(task);
        return task.done();
    }

    void shutdown() {
        executor.shutdown();
    }
}
