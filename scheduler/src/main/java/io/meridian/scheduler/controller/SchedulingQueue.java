package io.meridian.scheduler.controller;

import io.kubernetes.client.extended.workqueue.DefaultRateLimitingQueue;
import io.kubernetes.client.extended.workqueue.RateLimitingQueue;
import io.kubernetes.client.extended.workqueue.ratelimiter.BucketRateLimiter;
import io.kubernetes.client.extended.workqueue.ratelimiter.ItemExponentialFailureRateLimiter;
import io.kubernetes.client.extended.workqueue.ratelimiter.MaxOfRateLimiter;
import io.meridian.scheduler.config.MeridianProperties;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The work queue of the scheduling loop. It holds two kinds of keys:
 * <ul>
 *   <li>{@link #FLEET}, a scheduling pass. Changes that arrive while a pass is queued fold into it,
 *       and a burst of changes within the debounce window costs one pass. What the pass must look
 *       at is collected beside the key ({@link PassRequest}): the Placements whose objects changed,
 *       and whether everything must be scheduled again (resync, leadership, bindings, namespaces).
 *       A pass that fails as a whole is retried with exponential backoff, as a full pass.</li>
 *   <li>a Placement's {@code namespace/name}: a write of that Placement failed and is tried again,
 *       with exponential backoff of its own (100 ms doubling up to 2 minutes), until it succeeds
 *       or the Placement is gone. Other placements are not held up by it.</li>
 *   <li>{@code clustersetbinding:namespace/name}: the status write of that ClusterSetBinding
 *       failed and is tried again, with the same backoff ({@link BindingStatusWriter}).</li>
 * </ul>
 */
@Component
public class SchedulingQueue {

    /** Placement keys always contain a slash, so they never collide with this one. */
    static final String FLEET = "fleet";
    static final Duration MAX_DELAY = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(SchedulingQueue.class);

    private final RateLimitingQueue<String> queue = new DefaultRateLimitingQueue<>(Executors.newSingleThreadExecutor(),
            new MaxOfRateLimiter<>(
                    new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(100), Duration.ofMinutes(2)),
                    new BucketRateLimiter<>(10, 5, Duration.ofSeconds(1))));
    private final Duration debounce;
    private final AtomicInteger pendingChanges = new AtomicInteger();
    private boolean fullPending;
    private Set<String> touched = new HashSet<>();

    /**
     * What a pass must look at besides the changes the scheduler finds itself in the fleet and
     * the placements' specs.
     *
     * @param full    schedule every placement and compare every status and slice
     * @param touched Placements whose status or slices changed other than by Meridian: their writes are checked
     */
    record PassRequest(boolean full, Set<String> touched) {
    }

    public SchedulingQueue(MeridianProperties properties) {
        this.debounce = properties.debounce();
    }

    /** Something changed that calls for a full pass: every placement is scheduled and every write checked. */
    public void changed(String what) {
        synchronized (this) {
            fullPending = true;
        }
        pass(what);
    }

    /** A ClusterProfile or a Placement's spec changed: the pass finds what that affects. */
    public void fleetChanged(String what) {
        pass(what);
    }

    /** Someone else changed a Placement's status or slices: the pass checks what to write back. */
    public void placementTouched(String what, String key) {
        if (key == null) {
            changed(what);
            return;
        }
        synchronized (this) {
            touched.add(key);
        }
        pass(what);
    }

    private void pass(String what) {
        if (pendingChanges.getAndIncrement() == 0) {
            log.debug("{}: scheduling pass in {}", what, debounce);
        }
        queue.addAfter(FLEET, debounce);
    }

    /** What the pass now starting must look at; the next pass collects anew. */
    synchronized PassRequest drainPassRequest() {
        PassRequest request = new PassRequest(fullPending, touched);
        fullPending = false;
        touched = new HashSet<>();
        return request;
    }

    /**
     * A pass is due at a known time, e.g. when a toleration runs out. The delay is capped at
     * {@link #MAX_DELAY}: the work queue counts in milliseconds and would overflow on the delay of
     * a very long toleration, and the pass then due schedules the next one anyway.
     */
    public void passIn(Duration delay) {
        queue.addAfter(FLEET, delay.isNegative() ? Duration.ZERO : delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
    }

    /** A write of this Placement (or binding) failed: try it again after its backoff, which grows with each failure. */
    void retry(String key) {
        queue.addRateLimited(key);
    }

    /** Its writes succeeded, or it is gone: its next failure starts from the shortest backoff. */
    void forget(String key) {
        queue.forget(key);
    }

    static boolean isPass(String key) {
        return FLEET.equals(key);
    }

    /** Blocks until a pass or a retry is due; null once the queue is shut down. */
    String take() throws InterruptedException {
        String key = queue.get();
        if (isPass(key)) {
            pendingChanges.set(0);
        }
        return key;
    }

    /**
     * The key has been handled. A Placement's backoff is kept: whether its writes succeeded is
     * told by {@link #retry} or {@link #forget}.
     */
    void succeeded(String key) {
        if (isPass(key)) {
            queue.forget(key);
        }
        queue.done(key);
    }

    void failed(String key) {
        if (isPass(key)) {
            synchronized (this) {
                fullPending = true; // what the failed pass drained is not known to be done
            }
        }
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
