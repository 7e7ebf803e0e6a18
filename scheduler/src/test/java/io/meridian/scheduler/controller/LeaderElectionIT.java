package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.scheduler.MeridianApplication;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Two replicas on one real API server: one leads through the Lease, the other takes over when it stops. */
class LeaderElectionIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static ConfigurableApplicationContext replica(KubeApiServer apiServer, String identity) throws Exception {
        return replica(apiServer, identity, "4s", "3s", "500ms");
    }

    private static ConfigurableApplicationContext replica(KubeApiServer apiServer, String identity, String leaseDuration,
                                                          String renewDeadline, String retryPeriod) throws Exception {
        // As arguments: they must override application.yaml, which default properties do not.
        return new SpringApplicationBuilder(MeridianApplication.class).run(
                "--meridian.kubeconfig=" + apiServer.kubeconfig(), "--server.port=0",
                "--meridian.leader-election.identity=" + identity,
                "--meridian.leader-election.lease-namespace=default",
                "--meridian.leader-election.lease-duration=" + leaseDuration,
                "--meridian.leader-election.renew-deadline=" + renewDeadline,
                "--meridian.leader-election.retry-period=" + retryPeriod,
                "--meridian.debounce=50ms");
    }

    private static boolean leads(ConfigurableApplicationContext replica) {
        return replica.isActive() && replica.getBean(SchedulerController.class).isLeading();
    }

    private static Placement pickOne(String name) {
        return new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace("apps").name(name),
                new PlacementSpec("PickN", 1, null, null, null, null, null, null, null), null);
    }

    private static boolean scheduled(ClusterObjects objects, String name) throws Exception {
        Placement placement = objects.placement("apps", name);
        return placement.status() != null && placement.status().numberOfSelectedClusters() == 1;
    }

    @Test
    void aReplicaLeadsOnceItHoldsTheLeaseNotARetryPeriodLater() throws Exception {
        try (KubeApiServer apiServer = KubeApiServer.start()) {
            TestFleet.namespaces(new ClusterObjects(apiServer.client()));
            // client-java's elector sleeps a whole retry period after winning before its start hook.
            try (ConfigurableApplicationContext replica = replica(apiServer, "replica-a", "120s", "90s", "60s")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> leads(replica));
            }
        }
    }

    @Test
    void oneReplicaLeadsAndTheOtherTakesOver() throws Exception {
        try (KubeApiServer apiServer = KubeApiServer.start()) {
            ClusterObjects objects = new ClusterObjects(apiServer.client());
            TestFleet.namespaces(objects);
            objects.create(profile("eu-1").location("eu").build());
            objects.create(profile("us-1").location("us").build());
            CoordinationV1Api coordination = new CoordinationV1Api(apiServer.client());

            try (ConfigurableApplicationContext first = replica(apiServer, "replica-a");
                 ConfigurableApplicationContext second = replica(apiServer, "replica-b")) {
                await().atMost(TIMEOUT).until(() -> leads(first) || leads(second));
                ConfigurableApplicationContext leader = leads(first) ? first : second;
                ConfigurableApplicationContext standby = leader == first ? second : first;
                assertThat(leads(standby)).isFalse();
                String leaderName = leader == first ? "replica-a" : "replica-b";
                assertThat(coordination.readNamespacedLease("meridian-scheduler", "default").execute()
                        .getSpec().getHolderIdentity()).isEqualTo(leaderName);

                objects.create(pickOne("before"));
                await().atMost(TIMEOUT).until(() -> scheduled(objects, "before"));

                long stopped = System.nanoTime();
                leader.close();
                await().atMost(TIMEOUT).until(() -> leads(standby));
                System.out.printf("standby took over %d ms after the leader stopped%n",
                        (System.nanoTime() - stopped) / 1_000_000);
                objects.create(pickOne("after"));
                await().atMost(TIMEOUT).until(() -> scheduled(objects, "after"));
                assertThat(coordination.readNamespacedLease("meridian-scheduler", "default").execute()
                        .getSpec().getHolderIdentity()).isNotEqualTo(leaderName);
                assertThat(List.of(scheduled(objects, "before"), scheduled(objects, "after"))).containsOnly(true);
            }
        }
    }
}
