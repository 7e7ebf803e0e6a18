package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.fleet.ClusterTaint;
import io.meridian.scheduler.placement.Specs;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The scheduling rules as the controller applies them on a real kube-apiserver and etcd: a
 * ClusterProfile held by a finalizer while it is deleted leaves every placement, a spec edit is
 * decided afresh while an unchanged spec keeps its clusters, and the CRD refuses spread and
 * scoring settings that make no sense.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext // the controller stops with its API server instead of retrying beside later tests
class SchedulingSemanticsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String FINALIZER = "cluster-manager.example/cleanup";
    private static KubeApiServer apiServer;
    private static ClusterObjects cluster;

    @BeforeAll
    static void startApiServer() throws Exception {
        if (apiServer != null) {
            return;
        }
        apiServer = KubeApiServer.start();
        cluster = new ClusterObjects(apiServer.client());
        TestFleet.namespaces(cluster); // binds the prod clusterset to apps
        for (Profiles profile : List.of(
                profile("eu-1").location("eu").clusterSet("prod"),
                profile("eu-2").location("eu").clusterSet("prod"),
                profile("us-1").location("us").clusterSet("prod"),
                profile("us-2").location("us").clusterSet("prod"),
                profile("ap-1").location("ap").clusterSet("prod"))) {
            ClusterProfile built = profile.build();
            built.metadata().addFinalizersItem(FINALIZER); // as a cluster manager that cleans up first
            cluster.create(built);
        }
    }

    @DynamicPropertySource
    static void controllerProperties(DynamicPropertyRegistry registry) throws Exception {
        startApiServer();
        TestFleet.controllerProperties(registry, apiServer);
    }

    @AfterAll
    static void stopApiServer() {
        if (apiServer != null) {
            apiServer.close();
        }
    }

    private static Placement placement(String name, PlacementSpec spec) {
        return new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace("apps").name(name),
                spec, null);
    }

    private static List<String> selected(Placement placement) {
        PlacementStatus status = placement.status();
        return status == null || status.decisions() == null ? List.of()
                : status.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    private static List<String> sliced(String name) throws ApiException {
        return cluster.slices("apps", name).stream().flatMap(slice -> slice.decisions().stream())
                .map(ClusterDecision::clusterProfileRef).map(ref -> ref.name()).sorted().toList();
    }

    private static String unselectedReason(Placement placement, String name) {
        return placement.status().unselectedClusters().stream().filter(u -> u.clusterProfileRef().name().equals(name))
                .map(UnselectedCluster::reason).findFirst().orElse("not listed");
    }

    @Test
    @Order(1)
    void placesAndSpreadsAsTheSpecSays() throws Exception {
        cluster.create(placement("web", Specs.pickN(2).preferLocations("eu").build()));
        cluster.create(placement("spread", Specs.pickN(3).preferLocations("eu").spread("location", 1).build()));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(selected(cluster.placement("apps", "web"))).containsExactly("eu-1", "eu-2");
            assertThat(selected(cluster.placement("apps", "spread"))).hasSize(3)
                    .anyMatch(n -> n.startsWith("eu-")).anyMatch(n -> n.startsWith("us-")).contains("ap-1");
        });
    }

    @Test
    @Order(2)
    void aProfileBeingDeletedLeavesEveryPlacementThatSelectedIt() throws Exception {
        cluster.create(placement("everywhere", new PlacementSpec("PickAll", null, null, null, null, null, null, null, null)));
        await().atMost(TIMEOUT).until(() -> selected(cluster.placement("apps", "everywhere")).size() == 5);

        new CustomObjectsApi(apiServer.client()).deleteNamespacedCustomObject(ClusterProfile.GROUP,
                ClusterProfile.VERSION, "fleet", ClusterProfile.PLURAL, "eu-1").execute();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Placement web = cluster.placement("apps", "web");
            assertThat(selected(web)).hasSize(2).contains("eu-2").doesNotContain("eu-1");
            assertThat(unselectedReason(web, "eu-1")).isEqualTo(ClusterTaint.DELETING_REASON);
            assertThat(sliced("web")).doesNotContain("eu-1");
            assertThat(selected(cluster.placement("apps", "everywhere"))).hasSize(4).doesNotContain("eu-1");
            assertThat(sliced("everywhere")).doesNotContain("eu-1");
        });
        // The finalizer still holds the profile: it exists, and yet no placement may have it.
        assertThat(new CustomObjectsApi(apiServer.client()).getNamespacedCustomObject(ClusterProfile.GROUP,
                ClusterProfile.VERSION, "fleet", ClusterProfile.PLURAL, "eu-1").execute()).isNotNull();
        cluster.create(placement("newcomer", Specs.pickN(1).preferLocations("eu").preferClusterSets("prod").build()));
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(selected(cluster.placement("apps", "newcomer"))).containsExactly("eu-2"));
    }

    @Test
    @Order(3)
    void anUnchangedSpecKeepsItsClustersWithoutRewritesAndAnEditIsDecidedAfresh() throws Exception {
        List<String> before = selected(cluster.placement("apps", "web"));
        assertThat(before).hasSize(2).contains("eu-2");
        String other = Stream.of("us-1", "us-2", "ap-1").filter(name -> !before.contains(name)).findFirst().orElseThrow();

        // The fleet changes so that another cluster ranks higher: nothing moves while the spec is
        // unchanged, and a settled placement is not even rescheduled for a cluster it did not select,
        // so its status (reasons included) is not rewritten.
        Placement settled = cluster.placement("apps", "web");
        cluster.updateStatus(profile(other).location("eu").clusterSet("prod").build());
        await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).untilAsserted(() -> {
            Placement web = cluster.placement("apps", "web");
            assertThat(selected(web)).containsExactlyElementsOf(before);
            assertThat(web.metadata().getResourceVersion()).isEqualTo(settled.metadata().getResourceVersion());
        });

        // Any edit makes a new generation, decided as a fresh schedule would: the higher ranked cluster comes in.
        cluster.patchSpec("apps", "web", "{\"preferences\": {\"locations\": [\"eu\"], \"clusterSets\": [\"prod\"]}}");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Placement web = cluster.placement("apps", "web");
            assertThat(web.status().observedGeneration()).isEqualTo(2L);
            assertThat(selected(web)).containsExactlyInAnyOrder("eu-2", other);
            assertThat(sliced("web")).containsExactlyElementsOf(selected(web));
            assertThat(web.status().unselectedClusters()).noneMatch(u -> u.reason().contains("Stability"));
        });
    }

    @Test
    @Order(4)
    void theCrdRefusesSpreadAndScoringThatMakeNoSense() {
        List<String> invalid = List.of(
                "{\"placementType\":\"PickN\",\"numberOfClusters\":2,\"topologySpreadConstraints\":"
                        + "[{\"topologyKey\":\"location\",\"whenUnsatisfiable\":\"ScheduleAnyway\",\"minDomains\":2}]}",
                "{\"placementType\":\"PickN\",\"numberOfClusters\":2,\"topologySpread\":{\"topologyKey\":\"location\"},"
                        + "\"topologySpreadConstraints\":[{\"topologyKey\":\"location\"}]}",
                "{\"placementType\":\"PickN\",\"numberOfClusters\":2,\"scoring\":{\"balanceWeight\":101}}",
                "{\"placementType\":\"PickN\",\"numberOfClusters\":2,\"scoring\":{\"stability\":\"Sometimes\"}}",
                "{\"placementType\":\"PickN\",\"numberOfClusters\":2,\"topologySpreadConstraints\":"
                        + "[{\"topologyKey\":\"location\",\"whenUnsatisfiable\":\"Maybe\"}]}");
        List<String> fields = List.of("minDomains", "topologySpread", "balanceWeight", "stability", "whenUnsatisfiable");
        for (int i = 0; i < invalid.size(); i++) {
            JsonObject body = JsonParser.parseString("{\"apiVersion\":\"" + Placement.API_VERSION
                    + "\",\"kind\":\"Placement\",\"metadata\":{\"name\":\"bad-" + i + "\"},\"spec\":" + invalid.get(i) + "}")
                    .getAsJsonObject();
            String field = fields.get(i);
            assertThatThrownBy(() -> cluster.create("apps", body)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getResponseBody()).contains(field);
            });
        }
    }

    @Test
    @Order(5)
    void kubectlExplainsSpreadAndScoring() throws Exception {
        String spread = apiServer.kubectl("explain", "placements.spec.topologySpreadConstraints");
        String scoring = apiServer.kubectl("explain", "placements.spec.scoring");

        assertThat(spread).contains("maxSkew", "whenUnsatisfiable", "minDomains", "DoNotSchedule", "ScheduleAnyway");
        assertThat(scoring).contains("balanceWeight", "stability", "Steady");
    }


    @Test
    @Order(6)
    void aProfileGoneForGoodStaysGone() throws Exception {
        String patch = "{\"metadata\":{\"finalizers\":null}}";
        PatchUtils.patch(Object.class, () -> new CustomObjectsApi(apiServer.client()).patchNamespacedCustomObject(
                        ClusterProfile.GROUP, ClusterProfile.VERSION, "fleet", ClusterProfile.PLURAL, "eu-1",
                        new V1Patch(patch)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, apiServer.client());

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Placement everywhere = cluster.placement("apps", "everywhere");
            assertThat(selected(everywhere)).hasSize(4).doesNotContain("eu-1");
            assertThat(everywhere.status().unselectedClusters()).noneMatch(u -> u.clusterProfileRef().name().equals("eu-1"));
        });
    }

    /** The CRD refuses a request that is not a quantity or is negative, naming the resource, and accepts quantities. */
    @Test
    @Order(7)
    void theCrdRefusesResourceRequestsThatAreNotQuantities() throws Exception {
        List<String> invalid = List.of("{\"cpu\":\"four\"}", "{\"memory\":\"-1Gi\"}", "{\"nvidia.com/gpu\":-1}",
                "{\"cpu\":\"1 core\"}");
        List<String> names = List.of("cpu", "memory", "nvidia.com/gpu", "cpu");
        for (int i = 0; i < invalid.size(); i++) {
            JsonObject body = placementJson("bad-request-" + i, "{\"placementType\":\"PickN\",\"numberOfClusters\":1,"
                    + "\"resources\":{\"requests\":" + invalid.get(i) + "}}");
            String name = names.get(i);
            assertThatThrownBy(() -> cluster.create("apps", body)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getResponseBody()).contains("spec.resources.requests[" + name + "]",
                        "a resource request must be a Kubernetes quantity that is not negative");
            });
        }
        JsonObject valid = placementJson("good-requests", "{\"placementType\":\"PickN\",\"numberOfClusters\":1,"
                + "\"resources\":{\"requests\":{\"cpu\":\"500m\",\"memory\":\"16Gi\",\"nvidia.com/gpu\":1}}}");
        cluster.create("apps", valid);
        assertThat(cluster.placement("apps", "good-requests").spec().resources().requests()).containsKeys("cpu", "memory",
                "nvidia.com/gpu");
    }

    /**
     * The profiles here publish no capacity: a PickN placement with requests selects nothing and
     * says why per cluster; a PickAll one selects its clusters and reports the overcommit.
     */
    @Test
    @Order(8)
    void clustersWithoutCapacityHaveNoRoomAndSaySo() throws Exception {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Placement needy = cluster.placement("apps", "good-requests");
            assertThat(needy.status()).isNotNull();
            assertThat(selected(needy)).isEmpty();
            assertThat(unselectedReason(needy, "us-1")).contains(
                    "no cpu capacity reported (property resources.kubernetes-fleet.io/allocatable-cpu)");
        });
        cluster.create(placement("agents", io.meridian.api.placement.PlacementSpec.builder("PickAll")
                .resources(io.meridian.api.placement.ResourceRequirements.of("cpu", "100m")).build()));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Placement agents = cluster.placement("apps", "agents");
            assertThat(agents.status()).isNotNull();
            assertThat(selected(agents)).hasSize(4);
            assertThat(agents.status().decisions().get(0).utilization()).containsEntry("cpu", "no capacity reported");
            assertThat(agents.status().conditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("ResourcesFit");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("Overcommitted");
                assertThat(c.getMessage()).contains("no cpu capacity reported");
            });
        });
    }

    @Test
    @Order(9)
    void kubectlExplainsResources() throws Exception {
        String resources = apiServer.kubectl("explain", "placements.spec.resources");

        assertThat(resources).contains("requests", "allocatable", "available", "ResourcesFit");
    }

    private static JsonObject placementJson(String name, String spec) {
        return JsonParser.parseString("{\"apiVersion\":\"" + Placement.API_VERSION
                + "\",\"kind\":\"Placement\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + spec + "}")
                .getAsJsonObject();
    }
}
