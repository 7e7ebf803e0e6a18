package io.meridian.scheduler.faults;

import io.meridian.scheduler.MeridianApplication;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.ControllerProcess;
import io.meridian.scheduler.testing.Convergence;
import io.meridian.scheduler.testing.KubeApiServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One controller replica, with leader election on, through outages of kube-apiserver and etcd
 * and a burst of churn. Changes land right before and right after each fault; afterwards every
 * Placement must answer its generation, its slices must match its status, no slice may outlive its
 * Placement, and every change must have been scheduled.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneFaultsIT {

    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(60);

    private static KubeApiServer apiServer;
    private static ConfigurableApplicationContext controller;
    private static FaultFleet fleet;
    private static Convergence convergence;

    @BeforeAll
    static void start() throws Exception {
        apiServer = KubeApiServer.start();
        // Calls give up, so a test never hangs on a server that is down.
        ClusterObjects objects = new ClusterObjects(apiServer.client(Duration.ofSeconds(10)));
        convergence = new Convergence(apiServer.client(Duration.ofSeconds(10)));
        fleet = new FaultFleet(objects, 8);
        fleet.create(24);
        controller = new SpringApplicationBuilder(MeridianApplication.class).run(ControllerProcess
                .arguments(apiServer, "faults-replica", FastTimings.PROPERTIES).toArray(String[]::new));
        convergence.awaitConverged("startup", Instant.now(), CONVERGENCE_TIMEOUT, fleet.scheduledAsAsked());
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    @Test
    @Order(1)
    void apiServerRestart() throws Exception {
        changeSome();
        fleet.health("eu-1", false);
        apiServer.stopApiServer();
        Thread.sleep(15_000); // the outage
        apiServer.startApiServer();
        Instant back = Instant.now();
        changeSome();
        fleet.health("eu-1", true);
        fleet.health("us-1", false);

        convergence.awaitConverged("apiserver-restart", back, CONVERGENCE_TIMEOUT, fleet.scheduledAsAsked());
    }

    @Test
    @Order(2)
    void etcdRestart() throws Exception {
        changeSome();
        fleet.health("ap-1", false);
        apiServer.stopEtcd();
        Thread.sleep(10_000); // the outage
        apiServer.startEtcd();
        Instant back = Instant.now();
        changeSome();
        fleet.health("us-1", true);

        convergence.awaitConverged("etcd-restart", back, CONVERGENCE_TIMEOUT, fleet.scheduledAsAsked());
    }

    /** About 200 creates, edits, deletes and re-creates in 10 s, with some health flips among them. */
    @Test
    @Order(3)
    void churn() throws Exception {
        int operations = 200;
        Duration pace = Duration.ofMillis(50);
        long start = System.nanoTime();
        for (int i = 0; i < operations; i++) {
            if (i % 40 == 39) {
                fleet.flipAnyHealth();
            } else {
                fleet.changeAny();
            }
            long due = start + (i + 1) * pace.toNanos();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        Instant last = Instant.now();
        System.out.printf("churn: %d operations in %d ms, %d placements left%n", operations,
                (System.nanoTime() - start) / 1_000_000, fleet.placementCount());

        convergence.awaitConverged("churn", last, CONVERGENCE_TIMEOUT, fleet.scheduledAsAsked());
    }

    /** A few edits, a deletion and two new Placements. */
    private static void changeSome() throws Exception {
        for (int i = 0; i < 3; i++) {
            fleet.resizeAny();
        }
        fleet.deleteAny();
        fleet.createPlacement();
        fleet.recreatePlacement();
    }
}
