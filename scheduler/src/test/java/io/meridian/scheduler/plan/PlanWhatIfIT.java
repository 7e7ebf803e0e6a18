package io.meridian.scheduler.plan;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Preferences;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import io.meridian.scheduler.testing.MeridianJar;
import io.meridian.scheduler.testing.MeridianJar.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meridian plan --kubeconfig}: a what-if against a real API server whose Placements were
 * scheduled by a real {@code meridian run}; it reads and never writes.
 */
class PlanWhatIfIT {

    private static KubeApiServer apiServer;
    private static ClusterObjects cluster;
    private static String kubeconfig;

    @TempDir
    Path dir;

    @BeforeAll
    static void scheduleAFleetThenLetOneClusterFail() throws Exception {
        apiServer = KubeApiServer.start();
        cluster = new ClusterObjects(apiServer.client());
        kubeconfig = apiServer.kubeconfig().toString();
        TestFleet.namespaces(cluster);
        for (Profiles profile : List.of(profile("eu-1").location("eu"), profile("eu-2").location("eu"),
                profile("us-1").location("us"))) {
            cluster.create(profile.build());
        }
        cluster.create(placement("web", 2, "eu"));

        Process controller = MeridianJar.command("run", "--kubeconfig", kubeconfig, "--server.port=0",
                "--meridian.leader-election.enabled=false", "--meridian.debounce=50ms").inheritIO().start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> selected("web").equals(List.of("fleet/eu-1", "fleet/eu-2")));
        } finally {
            controller.destroy();
            controller.waitFor(30, TimeUnit.SECONDS);
        }
        cluster.updateStatus(profile("eu-2").location("eu").healthy("False").build());
    }

    @AfterAll
    static void stop() {
        if (apiServer != null) {
            apiServer.close();
        }
    }

    private static Placement placement(String name, int clusters, String location) {
        return new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace("apps").name(name),
                new PlacementSpec("PickN", clusters, null, null, null, null,
                        new Preferences(List.of(location), null, null), null, null), null);
    }

    private static List<String> selected(String name) throws Exception {
        Placement placement = cluster.placement("apps", name);
        return placement.status() == null ? List.of()
                : placement.status().decisions().stream().map(d -> d.clusterProfileRef().toString()).toList();
    }

    private static String resourceVersions() throws Exception {
        return cluster.placement("apps", "web").metadata().getResourceVersion() + "/"
                + cluster.slices("apps", "web").stream().map(s -> s.metadata().getResourceVersion()).toList();
    }

    @Test
    void withoutFilesEveryExistingPlacementIsPlannedAgainstTheLiveFleet() throws Exception {
        Result result = MeridianJar.run("plan", "--kubeconfig", kubeconfig);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).hasSize(2);
        assertThat(result.out().lines().toList().get(0)).contains("CHANGE");
        assertThat(result.out().lines().toList().get(1))
                .startsWith("apps/web").contains("+fleet/us-1,-fleet/eu-2 (1 kept)", "fleet/eu-1,fleet/us-1");
    }

    @Test
    void givenPlacementsArePlannedTogetherWithTheExistingOnesAndNothingIsWritten() throws Exception {
        String before = resourceVersions();
        Path edits = Files.writeString(dir.resolve("edits.yaml"), """
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: Placement
                metadata: {name: api, namespace: apps}
                spec: {placementType: PickN, numberOfClusters: 1, preferences: {locations: [us]}}
                ---
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: Placement
                metadata: {name: web, namespace: apps}
                spec: {placementType: PickN, numberOfClusters: 3, preferences: {locations: [eu]}}
                """);

        Result table = MeridianJar.run("plan", "--kubeconfig", kubeconfig, "-f", edits.toString());
        Result yaml = MeridianJar.run("plan", "--kubeconfig", kubeconfig, "-f", edits.toString(), "-o", "yaml");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out().lines().skip(1).toList()).satisfiesExactly(
                api -> assertThat(api).startsWith("apps/api").contains(" new ", "fleet/us-1"),
                web -> assertThat(web).startsWith("apps/web").contains("NotEnoughClusters", "+fleet/us-1,-fleet/eu-2 (1 kept)"));
        assertThat(yaml.out()).contains("plan.meridian.io/change: new", "plan.meridian.io/change-removed: fleet/eu-2",
                "observedGeneration: 2");
        assertThat(resourceVersions()).isEqualTo(before);
        assertThat(cluster.slices("apps", "api")).isEmpty();
        assertThat(selected("web")).containsExactly("fleet/eu-1", "fleet/eu-2");
    }

    @Test
    void theLiveBindingsDecideWhatANamespaceSeesAndGivenBindingsArePlannedAsIfApplied() throws Exception {
        Path team = Files.writeString(dir.resolve("team.yaml"), """
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: Placement
                metadata: {name: web, namespace: team}
                spec: {placementType: PickN, numberOfClusters: 1}
                """);
        Path bound = Files.writeString(dir.resolve("bound.yaml"), """
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: ClusterSetBinding
                metadata: {name: prod, namespace: team}
                spec: {clusterSet: prod}
                """);

        Result unbound = MeridianJar.run("plan", "--kubeconfig", kubeconfig, "-f", team.toString(), "-o", "yaml");
        Result withBinding = MeridianJar.run("plan", "--kubeconfig", kubeconfig, "-f", team.toString(),
                "-f", bound.toString());
        Result open = MeridianJar.run("plan", "--kubeconfig", kubeconfig, "-f", team.toString(), "--tenancy=open");

        assertThat(unbound.exitCode()).as(unbound.err()).isZero();
        assertThat(unbound.out()).contains("reason: NoClusterSetBound", "numberOfSelectedClusters: 0")
                .doesNotContain("fleet/", "name: eu-1", "name: us-1");
        assertThat(withBinding.out().lines().skip(1).toList()).singleElement().asString()
                .startsWith("team/web").contains("AllDecisionsScheduled", " new ");
        assertThat(open.out().lines().skip(1).toList()).singleElement().asString()
                .startsWith("team/web").contains("AllDecisionsScheduled");
        assertThatCode(() -> cluster.binding("team", "prod")).isInstanceOf(ApiException.class);
    }
}
