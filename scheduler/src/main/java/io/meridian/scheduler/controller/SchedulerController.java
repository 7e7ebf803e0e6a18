package io.meridian.scheduler.controller;

import io.kubernetes.client.extended.event.legacy.EventBroadcaster;
import io.meridian.scheduler.config.MeridianProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the controller: informers on every replica (so a new leader starts with warm caches), the
 * scheduling loop only on the replica holding the Lease ({@link LeaderElection}). Losing the Lease
 * stops the loop until it is won again; shutdown stops the loop after the pass in flight.
 */
@Component
public class SchedulerController implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SchedulerController.class);

    private final FleetInformers informers;
    private final FleetReconciler reconciler;
    private final SchedulingQueue queue;
    private final EventBroadcaster eventBroadcaster;
    private final LeaderElection election;
    private final MeridianProperties properties;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean firstPassDone;
    private Thread worker;
    private ScheduledExecutorService resync;

    public SchedulerController(FleetInformers informers, FleetReconciler reconciler, SchedulingQueue queue,
                               EventBroadcaster eventBroadcaster, LeaderElection election,
                               MeridianProperties properties, ControllerMetrics metrics) {
        this.informers = informers;
        this.reconciler = reconciler;
        this.queue = queue;
        this.eventBroadcaster = eventBroadcaster;
        this.election = election;
        this.properties = properties;
        metrics.queueDepth(queue::depth);
        metrics.leader(leading::get);
    }

    @Override
    public void start() {
        running.set(true);
        informers.start();
        eventBroadcaster.startRecording();
        resync = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "meridian-resync"));
        long period = properties.resync().toMillis();
        resync.scheduleAtFixedRate(() -> queue.changed("periodic resync"), period, period, TimeUnit.MILLISECONDS);
        if (election.isEnabled()) {
            election.start(this::startLeading, this::stopLeading);
        } else {
            startLeading();
        }
    }
    private synchronized void startLeading() {
        if (!running.get() || !leading.compareAndSet(false, true)) {
            return;
        }
        log.info("leading: scheduling loop started");
        reconciler.beginTerm();
        worker = new Thread(this::loop, "meridian-scheduler");
        worker.start();
        queue.changed("became leader");
    }

    private synchronized void stopLeading() {
        if (leading.compareAndSet(true, false)) {
            log.info("no longer leading: scheduling loop stopped");
            if (worker != null) {
                worker.interrupt();
            }
        }
    }

    private void loop() {
        while (leading.get() && !queue.isShuttingDown()) {
            String key;
            try {
                waitForCaches();
                key = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            try {
                reconciler.reconcile(key).ifPresent(due -> queue.passIn(Duration.between(clock.instant(), due)));
                firstPassDone = true;
                queue.succeeded(key);
            } catch (RuntimeException e) {
                log.warn("scheduling pass failed, retrying: {}", e.getMessage(), e);
                queue.failed(key);
            }
        }
    }

    private void waitForCaches() throws InterruptedException {
        while (!informers.hasSynced()) {
            Thread.sleep(100);
        }
    }

    /** Informers have listed everything once; the replica can take over at any time. */
    public boolean isSynced() {
        return informers.hasSynced();
    }

    public boolean isLeading() {
        return leading.get();
    }

    /** The leader has completed a pass since it took over. */
    public boolean hasScheduled() {
        return firstPassDone;
    }

    /**
     * Stops the loop after the pass in flight, then gives up the Lease, so a successor never
     * overlaps with our writes.
     */
    @Override
    public void stop() {
        running.set(false);
        queue.shutDown();
        if (resync != null) {
            resync.shutdownNow();
        }
        Thread current = worker;
        stopLeading();
        join(current, Duration.ofSeconds(30));
        election.stop();
        informers.stop();
    }

    private static void join(Thread thread, Duration atMost) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(atMost.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }
}
