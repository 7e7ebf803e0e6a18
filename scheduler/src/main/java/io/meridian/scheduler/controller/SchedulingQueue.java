package io.meridian.scheduler.controller;

import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import io.kubernetes.client.extended.workqueue.ratelimiter.BucketRateLimiter;
import io.kubernetes.client.extended.workqueue.ratelimiter.ItemExponentialFailureRateLimiter;
import io.kubernetes.client.extended.workqueue.ratelimiter.MaxOfRateLimiter;
import io.meridian.scheduler.config.MeridianProperties;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The work queue of scheduling passes. All placements are solved together, so the queue holds
 * a single key: changes that arrive while a pass is queued fold into it, and a burst of changes
 * within the debounce window costs one pass. Failed passes are retried with exponential backoff.
 */
@Component
public class SchedulingQueue {

    static final String FLEET = "fleet";
    static final Duration MAX_DELAY = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(SchedulingQueue.class);

    private final RateLimitingQueue<String> queue = new DefaultRateLimitingQueue<>(Executors.newSingleThreadExecutor(),
            new MaxOfRateLimiter<>(
                    new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(100), Duration.ofMinutes(2)),
                    new BucketRateLimiter<>(10, 5, Duration.ofSeconds(1))));
    private final Duration debounce;
    private final AtomicInteger pendingChanges = new AtomicInteger();

    public SchedulingQueue(MeridianProperties properties) {
        this.debounce = properties.debounce();
    }

    /** Something the decisions depend on changed. */
    public void changed(String what) {
        if (pendingChanges.getAndIncrement() == 0) {
            log.debug("{}: scheduling pass in {}", what, debounce);
        }
        queue.addAfter(FLEET, debounce);
    }

    /**
     * A pass is due at a known time, e.g. when a toleration runs out. The delay is capped at
     * {@link #MAX_DELAY}: the work queue counts in milliseconds and would overflow on the delay of
     * a very long toleration, and the pass then due schedules the next one anyway.
     */
    public void passIn(Duration delay) {
        queue.addAfter(FLEET, delay.isNegative() ? Duration.ZERO : delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
    }

    /** Blocks until a pass is due; null once the queue is shut down. */
    String take() throws InterruptedException {
        String key = queue.get();
        pendingChanges.set(0);
        return key;
    }

    void succeeded(String key) {
        queue.forget(key);
        queue.done(key);
    }

    void failed(String key) {
        queue.done(key);
        queue.addRateLimited(key);
    }

    int depth() {
        return queue.length();
    }

    boolean isShuttingDown() {
        return queue.isShuttingDown();
    }

    void shutDown() {
        queue.shutDown();
    }
}
