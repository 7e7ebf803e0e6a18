package io.meridian.scheduler.controller;

import io.kubernetes.client.extended.event.legacy.EventBroadcaster;
import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import io.meridian.scheduler.config.MeridianProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
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
 * scheduling loop only on the replica holding the Lease. Losing the Lease stops the loop until it
 * is won again; shutdown stops the loop after the pass in flight.
 */
@Component
public class SchedulerController implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SchedulerController.class);
    private static final String SERVICE_ACCOUNT_NAMESPACE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    private final FleetInformers informers;
    private final FleetReconciler reconciler;
    private final SchedulingQueue queue;
    private final EventBroadcaster eventBroadcaster;
    private final ApiClient apiClient;
    private final ApiConnectivity connectivity;
    private final MeridianProperties properties;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean firstPassDone;
    private volatile LeaderElector leaderElector;
    private Thread electionThread;
    private Thread worker;
    private ScheduledExecutorService resync;

    public SchedulerController(FleetInformers informers, FleetReconciler reconciler, SchedulingQueue queue,
                               EventBroadcaster eventBroadcaster, ApiClient apiClient, ApiConnectivity connectivity,
                               MeridianProperties properties, MeterRegistry registry) {
        this.informers = informers;
        this.reconciler = reconciler;
        this.queue = queue;
        this.eventBroadcaster = eventBroadcaster;
        this.apiClient = apiClient;
        this.connectivity = connectivity;
        this.properties = properties;
        Gauge.builder("meridian.queue.depth", queue, SchedulingQueue::depth)
                .description("Scheduling passes waiting").register(registry);
        Gauge.builder("meridian.leader", leading, l -> l.get() ? 1 : 0)
                .description("1 on the replica holding the Lease").register(registry);
    }

    @Override
    public void start() {
        running.set(true);
        informers.start();
        eventBroadcaster.startRecording();
        resync = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "meridian-resync"));
        long period = properties.resync().toMillis();
        resync.scheduleAtFixedRate(() -> queue.changed("periodic resync"), period, period, TimeUnit.MILLISECONDS);
        if (properties.leaderElection().enabled()) {
            electionThread = new Thread(this::campaign, "meridian-leader-election");
            electionThread.setDaemon(true);
            electionThread.start();
        } else {
            startLeading();
        }
    }

    private void campaign() {
        MeridianProperties.LeaderElection election = properties.leaderElection();
        String identity = identity(election);
        String namespace = election.leaseNamespace().isBlank() ? ownNamespace() : election.leaseNamespace();
        while (running.get()) {
            ReportingLock lock = new ReportingLock(new LeaseLock(namespace, election.leaseName(), identity, apiClient),
                    connectivity, clock);
            LeaderElectionConfig config = new LeaderElectionConfig(lock,
                    election.leaseDuration(), election.renewDeadline(), election.retryPeriod());
            try (LeaderElector elector = new LeaderElector(config, lock::failed)) {
                leaderElector = elector;
                log.info("{} campaigning for Lease {}/{}", identity, namespace, election.leaseName());
                elector.run(this::startLeading, this::stopLeading);
            } catch (RuntimeException e) {
                log.warn("leader election failed: {}", e.getMessage());
            }
            stopLeading();
            sleep(election.retryPeriod());
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
     * overlaps with our writes, waiting for that at most {@code meridian.api-timeout}: an API server
     * that does not answer must not hold up the stop (the Lease then expires on its own).
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
        LeaderElector elector = leaderElector;
        if (elector != null) {
            Thread release = new Thread(elector::close, "meridian-lease-release");
            release.setDaemon(true);
            release.start();
            join(release, properties.apiTimeout());
        }
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

    private static String identity(MeridianProperties.LeaderElection election) {
        if (!election.identity().isBlank()) {
            return election.identity();
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "_" + UUID.randomUUID().toString().substring(0, 8);
        } catch (UnknownHostException e) {
            return "meridian_" + UUID.randomUUID();
        }
    }

    private static String ownNamespace() {
        try {
            return Files.readString(Path.of(SERVICE_ACCOUNT_NAMESPACE)).trim();
        } catch (Exception notInCluster) {
            return "default";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
