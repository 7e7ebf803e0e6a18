package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.Preferences;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * The informers on a real API server with objects the Java model used to choke on: a
 * ClusterProfile whose conditions carry timestamps the API server accepts but client-java alone
 * cannot read must neither stop scheduling nor hide later changes; an informer that cannot list
 * takes readiness down, and back up once it can.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InformerResilienceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PROFILE_CRD = "/crds/upstream/multicluster.x-k8s.io_clusterprofiles.yaml";
    private static KubeApiServer apiServer;
    private static ClusterObjects cluster;

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private ControllerHealth health;

    @BeforeAll
    static void startApiServer() throws Exception {
        if (apiServer != null) {
            return;
        }
        apiServer = KubeApiServer.start();
        cluster = new ClusterObjects(apiServer.client());
        TestFleet.namespaces(cluster);
        cluster.create(profile("eu-1").location("eu").build());
        cluster.create(profile("us-1").location("us").build());
        cluster.create(profile("odd").location("eu").build());
        // As a cluster manager might write them, in raw JSON: ten fraction digits, a comma.
        writeStatus(apiServer.client(), "odd", """
                {"status": {"conditions": [
                  {"type": "ControlPlaneHealthy", "status": "True", "reason": "Healthy", "message": "ok",
                   "lastTransitionTime": "2025-01-01T10:00:00.1234567891Z"},
                  {"type": "Joined", "status": "True", "reason": "Joined", "message": "ok",
                   "lastTransitionTime": "2025-01-01T10:00:00,5Z"}]}}
                """);
    }

    @DynamicPropertySource
    static void controllerProperties(DynamicPropertyRegistry registry) throws Exception {
        startApiServer();
        String kubeconfig = apiServer.kubeconfig().toString();
        registry.add("meridian.kubeconfig", () -> kubeconfig);
        registry.add("meridian.debounce", () -> "50ms");
        registry.add("meridian.informer-stale-after", () -> "3s");
        registry.add("meridian.leader-election.lease-namespace", () -> "default");
        registry.add("meridian.leader-election.identity", () -> "resilience-it");
    }

    @AfterAll
    static void stopApiServer() {
        if (apiServer != null) {
            apiServer.close();
        }
    }

    private static void writeStatus(ApiClient client, String profile, String mergePatch) throws Exception {
        CustomObjectsApi custom = new CustomObjectsApi(client);
        PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObjectStatus(ClusterProfile.GROUP,
                        ClusterProfile.VERSION, "fleet", ClusterProfile.PLURAL, profile, new V1Patch(mergePatch))
                .buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    private static Placement placement(String name, PlacementSpec spec) {
        return new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace("apps").name(name),
                spec, null);
    }

    private static List<String> selected(String name) throws Exception {
        PlacementStatus status = cluster.placement("apps", name).status();
        return status == null || status.decisions() == null ? List.of()
                : status.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    private int readiness() {
        return http.getForEntity("/actuator/health/readiness", String.class).getStatusCode().value();
    }

    @Test
    @Order(1)
    void aProfileWithOddTimestampsIsReadAndSchedulingGoesOn() throws Exception {
        cluster.create(placement("everywhere", new PlacementSpec("PickAll", null, null, null, null, null, null, null, null)));
        cluster.create(placement("one-in-eu", new PlacementSpec("PickN", 1, null, null, null, null,
                new Preferences(List.of("eu"), null, null), null, null)));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(selected("everywhere")).containsExactly("eu-1", "odd", "us-1");
            assertThat(selected("one-in-eu")).singleElement().isIn("eu-1", "odd");
        });
        // Statuses may be written before the pass that wrote them ends, and readiness waits for that pass.
        await().atMost(TIMEOUT).until(() -> readiness() == 200);
        assertThat(http.getForObject("/actuator/prometheus", String.class))
                .containsPattern("meridian_undecodable_objects_total\\{[^}]*kind=\"ClusterProfile\"[^}]*} 0.0");
    }

    @Test
    @Order(2)
    void aLaterHealthFlipOfAnotherProfileIsSeen() throws Exception {
        String chosen = selected("one-in-eu").get(0);
        String other = chosen.equals("odd") ? "eu-1" : "odd";

        cluster.updateStatus(profile(chosen).location("eu").healthy("False").build());

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(selected("one-in-eu")).containsExactly(other);
            assertThat(selected("everywhere")).doesNotContain(chosen).contains(other, "us-1");
        });
    }

    @Test
    @Order(3)
    void readinessGoesDownWhileAnInformerCannotListAndComesBackWhenItCan() throws Exception {
        DynamicKubernetesApi crds = new DynamicKubernetesApi("apiextensions.k8s.io", "v1", "customresourcedefinitions",
                apiServer.client());
        String name = ClusterProfile.PLURAL + "." + ClusterProfile.GROUP;

        crds.delete(name).throwsApiException();
        long deleted = System.nanoTime();
        await().atMost(TIMEOUT).until(() -> readiness() == 503);
        System.out.printf("readiness down %d ms after the ClusterProfile CRD was deleted (stale after 3 s)%n",
                (System.nanoTime() - deleted) / 1_000_000);
        assertThat(health.health().getDetails().get("staleInformers")).asString()
                .contains("ClusterProfile: list and watch failing").contains("HTTP 404");

        await().atMost(TIMEOUT).until(() -> crds.get(name).getHttpStatusCode() == 404);
        crds.create(new DynamicKubernetesObject(profileCrd())).throwsApiException();
        await().atMost(TIMEOUT).until(() -> readiness() == 200);
    }

    private static JsonObject profileCrd() throws Exception {
        try (InputStream in = InformerResilienceIT.class.getResourceAsStream(PROFILE_CRD)) {
            return new Gson().toJsonTree(new Yaml().load(new InputStreamReader(in, StandardCharsets.UTF_8)))
                    .getAsJsonObject();
        }
    }
}
