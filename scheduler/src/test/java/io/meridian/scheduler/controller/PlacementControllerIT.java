package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.testing.TestFleet.condition;
import static io.meridian.scheduler.testing.TestFleet.pickAll;
import static io.meridian.scheduler.testing.TestFleet.pickN;
import static io.meridian.scheduler.testing.TestFleet.placement;
import static io.meridian.scheduler.testing.TestFleet.selected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiException;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Preferences;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The controller against a real kube-apiserver and etcd on 127.0.0.1, with the Placement CRD and
 * the upstream ClusterProfile and PlacementDecision CRDs installed. The tests build on each other,
 * like a day in the life of one fleet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext // the controller stops with its API server instead of retrying beside later tests
class PlacementControllerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static KubeApiServer apiServer;
    private static ClusterObjects cluster;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private TestRestTemplate http;

    @BeforeAll
    static void startApiServer() throws Exception {
        if (apiServer != null) {
            return;
        }
        apiServer = TestFleet.start();
        cluster = new ClusterObjects(apiServer.client());
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

    private double passes() {
        return meters.timer("meridian.scheduling.duration").count();
    }

    @Test
    @Order(1)
    void writesStatusAndSlicesForANewPlacement() throws Exception {
        cluster.create(placement("web", pickN(2, "eu")));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Placement web = cluster.placement("apps", "web");
            assertThat(web.status()).isNotNull();
            assertThat(web.status().observedGeneration()).isEqualTo(1L);
            assertThat(selected(web)).containsExactly("eu-1", "eu-2");
            assertThat(condition(web, Conditions.SATISFIED)).isEqualTo("True/" + Conditions.REASON_ALL_DECISIONS_SCHEDULED);
        });
        Placement web = cluster.placement("apps", "web");
        assertThat(web.status().unselectedClusters()).anySatisfy(u -> {
            assertThat(u.clusterProfileRef().name()).isEqualTo("odd");
            assertThat(u.reason()).contains("ControlPlaneHealthy");
        });
        List<PlacementDecision> slices = cluster.slices("apps", "web");
        assertThat(slices).singleElement().satisfies(slice -> {
            assertThat(slice.metadata().getName()).isEqualTo("web-decision-0");
            assertThat(slice.schedulerName()).isEqualTo("meridian");
            assertThat(slice.metadata().getLabels())
                    .containsEntry(PlacementDecision.DECISION_KEY_LABEL, "web")
                    .containsEntry(PlacementDecision.DECISION_INDEX_LABEL, "0");
            assertThat(slice.metadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(web.metadata().getUid()));
            assertThat(slice.decisions()).extracting(d -> d.clusterProfileRef().name()).containsExactly("eu-1", "eu-2");
        });
        await().atMost(TIMEOUT).until(() -> cluster.core().listNamespacedEvent("apps").execute().getItems().stream()
                .anyMatch(e -> "DecisionChanged".equals(e.getReason()) && "web".equals(e.getInvolvedObject().getName())));
    }

    @Test
    @Order(2)
    void unchangedDecisionsCauseNoWrites() throws Exception {
        double beforeCreate = passes();
        cluster.create(placement("everywhere", pickAll()));
        // PickAll is written while the pass still solves and writes the rest: wait for the pass to end.
        await().atMost(TIMEOUT).until(() -> selected(cluster.placement("apps", "everywhere")).size() == 5
                && passes() > beforeCreate);
        String placementVersion = cluster.placement("apps", "web").metadata().getResourceVersion();
        String sliceVersion = cluster.slices("apps", "web").get(0).metadata().getResourceVersion();
        double before = passes();

        // A change that triggers a pass but alters no decision: a label nobody selects on.
        cluster.labelProfile("fleet", "us-2", "team", "payments");
        await().atMost(TIMEOUT).until(() -> passes() > before);
        Thread.sleep(500);

        assertThat(cluster.placement("apps", "web").metadata().getResourceVersion()).isEqualTo(placementVersion);
        assertThat(cluster.slices("apps", "web").get(0).metadata().getResourceVersion()).isEqualTo(sliceVersion);
    }

    @Test
    @Order(3)
    void movesOffAClusterThatTurnsUnhealthy() throws Exception {
        long start = System.nanoTime();
        cluster.updateStatus(profile("eu-1").location("eu").clusterSet("prod").healthy("False").build());

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            assertThat(selected(cluster.placement("apps", "web"))).doesNotContain("eu-1").hasSize(2);
            assertThat(cluster.slices("apps", "web").get(0).decisions()).extracting(ClusterDecision::clusterProfileRef)
                    .extracting(ref -> ref.name()).doesNotContain("eu-1");
        });
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> !selected(cluster.placement("apps", "everywhere")).contains("eu-1"));
        System.out.printf("unhealthy -> every affected status and slice updated in %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        assertThat(selected(cluster.placement("apps", "web"))).contains("eu-2");
    }

    @Test
    @Order(4)
    void aClusterComingBackDoesNotReshuffleSatisfiedPlacements() throws Exception {
        List<String> before = selected(cluster.placement("apps", "web"));

        cluster.updateStatus(profile("eu-1").location("eu").clusterSet("prod").build());

        await().atMost(TIMEOUT).until(() -> selected(cluster.placement("apps", "everywhere")).contains("eu-1"));
        assertThat(selected(cluster.placement("apps", "web"))).isEqualTo(before);
    }

    @Test
    @Order(5)
    void followsAnEditOfThePlacement() throws Exception {
        cluster.patchSpec("apps", "web", "{\"numberOfClusters\": 4}");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Placement web = cluster.placement("apps", "web");
            assertThat(web.status().observedGeneration()).isEqualTo(2L);
            assertThat(selected(web)).hasSize(4);
        });
    }

    @Test
    @Order(6)
    void rejectsInvalidPlacementsAtTheApiServer() {
        assertThatThrownBy(() -> cluster.create(placement("no-count", new PlacementSpec("PickN", null, null, null, null,
                null, null, null, null))))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getResponseBody()).contains("numberOfClusters");
                });
    }

    @Test
    @Order(7)
    void reportsASpecTheSchemaCannotCatchAndKeepsThePreviousDecision() throws Exception {
        List<String> before = selected(cluster.placement("apps", "web"));

        cluster.patchSpec("apps", "web",
                "{\"predicates\": [{\"kubernetesVersion\": {\"minimum\": \"1.32\", \"maximum\": \"1.30\"}}]}");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Placement web = cluster.placement("apps", "web");
            assertThat(condition(web, Conditions.MISCONFIGURED)).startsWith("True/");
            assertThat(web.status().conditions()).filteredOn(c -> c.getType().equals(Conditions.MISCONFIGURED))
                    .singleElement().satisfies(c -> assertThat(c.getMessage()).contains("kubernetesVersion"));
            assertThat(selected(web)).isEqualTo(before);
        });
        assertThat(cluster.slices("apps", "web").get(0).decisions()).hasSize(before.size());
        await().atMost(TIMEOUT).until(() -> cluster.core().listNamespacedEvent("apps").execute().getItems().stream()
                .anyMatch(e -> "Misconfigured".equals(e.getReason())));
        cluster.patchSpec("apps", "web", "{\"predicates\": null}");
    }

    @Test
    @Order(8)
    void deletingThePlacementRemovesItsSlices() throws Exception {
        cluster.deletePlacement("apps", "web");

        await().atMost(TIMEOUT).until(() -> cluster.slices("apps", "web").isEmpty());
        assertThat(cluster.slices("apps", "everywhere")).hasSize(1);
    }

    @Test
    @Order(9)
    void kubectlShowsColumnsShortNameAndExplainText() throws Exception {
        String table = apiServer.kubectl("get", "mpl", "-n", "apps");
        String explain = apiServer.kubectl("explain", "placements.spec.preferences.propertySorters");

        assertThat(table.lines().findFirst().orElseThrow()).contains("TYPE", "REQUESTED", "SELECTED", "SATISFIED", "AGE");
        assertThat(table).containsPattern("everywhere\\s+PickAll\\s+\\S*\\s+5\\s+True");
        assertThat(explain).contains("order", "weight", "Descending");
    }


    @Test
    @Order(10)
    void keepsAnUnhealthyClusterUntilTheTolerationRunsOut() throws Exception {
        cluster.create(placement("tolerant", new PlacementSpec("PickN", 1, null, null, null, null,
                new Preferences(List.of("ap"), null, null), null,
                List.of(new io.meridian.api.placement.Toleration("Unhealthy", 4L)))));
        await().atMost(TIMEOUT).until(() -> selected(cluster.placement("apps", "tolerant")).equals(List.of("ap-1")));

        long start = System.nanoTime();
        cluster.updateStatus(profile("ap-1").location("ap").clusterSet("prod").property("cpu", "garbage")
                .healthy("False", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)).build());
        Thread.sleep(1500);
        assertThat(selected(cluster.placement("apps", "tolerant"))).containsExactly("ap-1");

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> !selected(cluster.placement("apps", "tolerant")).contains("ap-1"));
        long movedAfter = (System.nanoTime() - start) / 1_000_000;
        assertThat(movedAfter).isGreaterThanOrEqualTo(3000);
        assertThat(selected(cluster.placement("apps", "tolerant"))).hasSize(1);
    }

    @Test
    @Order(11)
    void exposesReadinessAndMetrics() {
        assertThat(http.getForObject("/actuator/health/readiness", String.class)).contains("\"UP\"");
        assertThat(http.getForObject("/actuator/prometheus", String.class))
                .contains("meridian_scheduling_duration_seconds_bucket", "meridian_decisions_changed_total",
                        "meridian_placements", "meridian_queue_depth");
    }
}
