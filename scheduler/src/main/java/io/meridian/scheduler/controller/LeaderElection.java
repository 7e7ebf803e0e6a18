package io.meridian.scheduler.controller;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import io.meridian.scheduler.config.MeridianProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Campaigns for the Lease {@code meridian.leader-election.lease-name} until stopped: runs the
 * given start hook when this replica wins it, the stop hook when it loses it, and campaigns again.
 *
 * <p>The Lease lives in {@code meridian.leader-election.lease-namespace}, or else in the pod's own
 * namespace (from its service account). Outside a pod with no namespace configured, Meridian does
 * not start: a silent fallback to {@code default} would let replicas started with different
 * settings lead at the same time, each behind a Lease of its own.
 */
@Component
public class LeaderElection {

    static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    private final ApiClient apiClient;
    private final ApiConnectivity connectivity;
    private final MeridianProperties.LeaderElection settings;
    private final Duration releaseTimeout;
    private final String namespace;
    private final String identity;
    private final Clock clock = Clock.systemUTC();
    private final AtomicBoolean campaigning = new AtomicBoolean();
    private volatile LeaderElector elector;

    @Autowired
    public LeaderElection(ApiClient apiClient, ApiConnectivity connectivity, MeridianProperties properties) {
        this(apiClient, connectivity, properties, SERVICE_ACCOUNT_NAMESPACE);
    }

    /**
     * @throws LeaseNamespaceUnknownException when leader election is on, no namespace is
     *                                        configured and {@code serviceAccountNamespace} does not exist
     */
    LeaderElection(ApiClient apiClient, ApiConnectivity connectivity, MeridianProperties properties,
                   Path serviceAccountNamespace) {
        this.apiClient = apiClient;
        this.connectivity = connectivity;
        this.settings = properties.leaderElection();
        this.releaseTimeout = properties.apiTimeout();
        this.namespace = settings.enabled() ? namespace(settings, serviceAccountNamespace) : null;
        this.identity = identity(settings);
    }

    public boolean isEnabled() {
        return settings.enabled();
    }

    /** The namespace of the Lease; null when leader election is off. */
    public String namespace() {
        return namespace;
    }

    /** Campaigns on a thread of its own until {@link #stop}. */
    public synchronized void start(Runnable startedLeading, Runnable stoppedLeading) {
        if (!campaigning.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> campaign(startedLeading, stoppedLeading), "meridian-leader-election");
        thread.setDaemon(true);
        thread.start();
    }

    private void campaign(Runnable startedLeading, Runnable stoppedLeading) {
        while (campaigning.get()) {
            // Leads from the first write that holds the Lease, once per term, not a retry period later.
            AtomicBoolean won = new AtomicBoolean();
            Runnable lead = () -> {
                if (won.compareAndSet(false, true)) {
                    startedLeading.run();
                }
            };
            ReportingLock lock = new ReportingLock(new LeaseLock(namespace, settings.leaseName(), identity, apiClient),
                    connectivity, clock, lead);
            LeaderElectionConfig config = new LeaderElectionConfig(lock,
                    settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod());
            try (LeaderElector current = new LeaderElector(config, lock::failed)) {
                elector = current;
                log.info("{} campaigning for Lease {}/{}", identity, namespace, settings.leaseName());
                current.run(lead, stoppedLeading);
            } catch (RuntimeException e) {
                log.warn("leader election failed: {}", e.getMessage());
            }
            stoppedLeading.run();
            sleep(settings.retryPeriod());
        }
    }

    /**
     * Stops campaigning and gives up the Lease, waiting for that at most {@code meridian.api-timeout}:
     * an API server that does not answer must not hold up the stop (the Lease then expires on its own).
     */
    public void stop() {
        campaigning.set(false);
        LeaderElector current = elector;
        if (current != null) {
            Thread release = new Thread(current::close, "meridian-lease-release");
            release.setDaemon(true);
            release.start();
            try {
                release.join(releaseTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String namespace(MeridianProperties.LeaderElection settings, Path serviceAccountNamespace) {
        if (!settings.leaseNamespace().isBlank()) {
            return settings.leaseNamespace();
        }
        try {
            String own = Files.readString(serviceAccountNamespace).trim();
            if (!own.isEmpty()) {
                return own;
            }
        } catch (IOException notInAPod) {
            // reported below
        }
        throw new LeaseNamespaceUnknownException(serviceAccountNamespace);
    }

    private static String identity(MeridianProperties.LeaderElection settings) {
        if (!settings.identity().isBlank()) {
            return settings.identity();
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "_" + UUID.randomUUID().toString().substring(0, 8);
        } catch (UnknownHostException e) {
            return "meridian_" + UUID.randomUUID();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leader election is on, and there is no namespace for its Lease. */
    public static final class LeaseNamespaceUnknownException extends IllegalStateException {

        LeaseNamespaceUnknownException(Path serviceAccountNamespace) {
            super("the Lease for leader election has no namespace: meridian.leader-election.lease-namespace is not set "
                    + "and this is not a pod (" + serviceAccountNamespace + " cannot be read)");
        }
    }
}
