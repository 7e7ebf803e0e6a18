package io.meridian.scheduler.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.ControllerProcess;
import io.meridian.scheduler.testing.Convergence;
import io.meridian.scheduler.testing.KubeApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the packaged controller, each in its own JVM. The leader is SIGKILLed, so it
 * neither releases the Lease nor finishes its writes; the standby must take over once the Lease
 * runs out and schedule what changed after the kill.
 */
class LeaderKillIT {

    private static final String LEASE = "meridian-scheduler";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theStandbyTakesOverFromAKilledLeader() throws Exception {
        try (KubeApiServer apiServer = KubeApiServer.start()) {
            ClusterObjects objects = new ClusterObjects(apiServer.client(Duration.ofSeconds(10)));
            Convergence convergence = new Convergence(apiServer.client(Duration.ofSeconds(10)));
            CoordinationV1Api coordination = new CoordinationV1Api(apiServer.client(Duration.ofSeconds(10)));
            FaultFleet fleet = new FaultFleet(objects, 3);
            fleet.create(16);

            try (ControllerProcess first = ControllerProcess.start(apiServer, "replica-a", FastTimings.PROPERTIES);
                 ControllerProcess second = ControllerProcess.start(apiServer, "replica-b", FastTimings.PROPERTIES)) {
                try {
                    await().atMost(STARTUP_TIMEOUT).ignoreExceptionsInstanceOf(ApiException.class)
                            .until(() -> holder(coordination) != null);
                    convergence.awaitConverged("leader-startup", Instant.now(), STARTUP_TIMEOUT, fleet.scheduledAsAsked());
                    ControllerProcess leader = first.identity().equals(holder(coordination)) ? first : second;
                    ControllerProcess standby = leader == first ? second : first;
                    assertThat(standby.isAlive()).isTrue();

                    Instant killed = Instant.now();
                    leader.kill();
                    for (int i = 0; i < 3; i++) {
                        fleet.resizeAny();
                    }
                    fleet.deleteAny();
                    fleet.createPlacement();
                    fleet.recreatePlacement();
                    fleet.health("eu-1", false);

                    await().atMost(TIMEOUT).ignoreExceptionsInstanceOf(ApiException.class)
                            .until(() -> standby.identity().equals(holder(coordination)));
                    System.out.printf(Locale.ROOT, "TAKEOVER scenario=leader-kill seconds=%.1f%n",
                            Duration.between(killed, Instant.now()).toMillis() / 1000.0);
                    convergence.awaitConverged("leader-kill", killed, TIMEOUT, fleet.scheduledAsAsked());
                    assertThat(standby.isAlive()).isTrue();
                } catch (AssertionError | RuntimeException e) {
                    System.out.println(first.logTail());
                    System.out.println(second.logTail());
                    throw e;
                }
            }
        }
    }

    private static String holder(CoordinationV1Api coordination) throws ApiException {
        try {
            return coordination.readNamespacedLease(LEASE, "default").execute().getSpec().getHolderIdentity();
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
