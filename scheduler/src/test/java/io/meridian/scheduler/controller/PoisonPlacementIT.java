package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Condition;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.Toleration;
import io.meridian.scheduler.decision.SliceNames;
import io.meridian.scheduler.decision.StatusBudget;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.Placements;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.Convergence;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Placements built to hurt, on a real kube-apiserver and etcd: each is either refused by the CRD
 * with a message a person can act on, or answered in its own status, and a normal Placement
 * created next to it is scheduled and published as usual. Nothing the controller writes is ever
 * refused, and in the end everything has converged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoisonPlacementIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static KubeApiServer apiServer;
    private static ClusterObjects cluster;

    @Autowired
    private MeterRegistry meters;

    @BeforeAll
    static void startApiServer() throws Exception {
        if (apiServer != null) {
            return;
        }
        apiServer = KubeApiServer.start();
        cluster = new ClusterObjects(apiServer.client());
        TestFleet.namespaces(cluster);
        for (Profiles profile : List.of(profile("eu-1").location("eu"), profile("eu-2").location("eu"),
                profile("us-1").location("us"), profile("us-2").location("us"), profile("ap-1").location("ap"))) {
            cluster.create(profile.build());
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

    private static PlacementSpec pickN(int n, String... locations) {
        return new PlacementSpec("PickN", n, null, null, null, null, new Preferences(List.of(locations), null, null),
                null, null);
    }

    private static List<String> selected(String name) throws ApiException {
        PlacementStatus status = cluster.placement("apps", name).status();
        return status == null || status.decisions() == null ? List.of()
                : status.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    private static V1Condition condition(String name, String type) throws ApiException {
        PlacementStatus status = cluster.placement("apps", name).status();
        assertThat(status).as(name + " status").isNotNull();
        return status.conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    /** A normal Placement next to the poison one is scheduled and its slice written. */
    private static void createAndAwaitNeighbour(String name) throws Exception {
        long start = System.nanoTime();
        cluster.create(Placements.placement(name, pickN(1, "us")));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            List<String> selected = selected(name);
            assertThat(selected).singleElement().asString().startsWith("us-");
            assertThat(cluster.slices("apps", name)).singleElement().satisfies(slice ->
                    assertThat(slice.decisions()).extracting(d -> d.clusterProfileRef().name()).isEqualTo(selected));
        });
        System.out.printf("%s: status and slice written %d ms after creation%n", name, (System.nanoTime() - start) / 1_000_000);
    }

    private static JsonObject placementJson(String name, String specJson) {
        return JsonParser.parseString("""
                {"apiVersion": "%s", "kind": "%s", "metadata": {"name": "%s", "namespace": "apps"}, "spec": %s}
                """.formatted(Placement.API_VERSION, Placement.KIND, name, specJson)).getAsJsonObject();
    }

    private static void assertRejected(JsonObject placement, String... messageParts) {
        assertThatThrownBy(() -> cluster.create("apps", placement))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getResponseBody()).contains(messageParts);
                });
    }

    private double writeErrors() {
        Counter errors = meters.find("meridian.api.write.errors").counter();
        return errors == null ? 0 : errors.count();
    }

    @Test
    @Order(1)
    void integersBeyondTheJavaTypesAreRefusedByTheCrd() throws Exception {
        assertRejected(placementJson("skew-3e9", """
                {"placementType": "PickN", "numberOfClusters": 1,
                 "topologySpread": {"topologyKey": "location", "maxSkew": 3000000000}}"""),
                "spec.topologySpread.maxSkew", "10000");
        assertRejected(placementJson("skew-wraps", """
                {"placementType": "PickN", "numberOfClusters": 1,
                 "topologySpread": {"topologyKey": "location", "maxSkew": 4294967298}}"""),
                "spec.topologySpread.maxSkew", "10000");
        assertRejected(placementJson("toleration-1e19", """
                {"placementType": "PickN", "numberOfClusters": 1,
                 "tolerations": [{"condition": "Unhealthy", "tolerationSeconds": 10000000000000000000}]}"""),
                "tolerationSeconds");
        assertRejected(placementJson("clusters-1e5", """
                {"placementType": "PickN", "numberOfClusters": 100000}"""), "spec.numberOfClusters", "10000");

        createAndAwaitNeighbour("beside-integers");
    }

    @Test
    @Order(2)
    void aBlankClusterManagerIsRefusedByTheCrd() throws Exception {
        assertRejected(placementJson("blank-manager", """
                {"placementType": "PickAll", "clusterManager": " "}"""),
                "spec.clusterManager", "must not be blank or start or end with spaces; omit it to consider every cluster manager");

        createAndAwaitNeighbour("beside-blank-manager");
    }

    @Test
    @Order(3)
    void anInvalidLabelSelectorIsMisconfiguredNotUnmatched() throws Exception {
        cluster.create(Placements.placement("bad-selector", new PlacementSpec("PickAll", null, null, null, null,
                java.util.List.of(new ClusterSelectorTerm(new V1LabelSelector().addMatchExpressionsItem(
                        new V1LabelSelectorRequirement().key("bad key!").operator("Exists")), null, null)),
                null, null, null)));
        createAndAwaitNeighbour("beside-bad-selector");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            V1Condition misconfigured = condition("bad-selector", Conditions.MISCONFIGURED);
            assertThat(misconfigured.getStatus()).isEqualTo("True");
            assertThat(misconfigured.getReason()).isEqualTo(Conditions.REASON_INVALID_SPEC);
            assertThat(misconfigured.getMessage()).contains(
                    "spec.predicates[0].labelSelector.matchExpressions[0].key: 'bad key!' is not a valid label key");
        });
    }

    @Test
    @Order(4)
    void aLongNameGetsValidSlicesThatConsumersCanFind() throws Exception {
        String name = "payments-" + "x".repeat(190) + "-frontend"; // 208 characters
        cluster.create(Placements.placement(name, pickN(2, "eu")));
        createAndAwaitNeighbour("beside-long-name");

        String label = SliceNames.labelValue(name);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(selected(name)).containsExactly("eu-1", "eu-2");
            assertThat(condition(name, Conditions.SATISFIED).getReason()).isEqualTo(Conditions.REASON_ALL_DECISIONS_SCHEDULED);
            assertThat(cluster.slices("apps", label)).singleElement().satisfies(slice -> {
                assertThat(slice.metadata().getName()).isEqualTo(name + "-decision-0");
                assertThat(slice.metadata().getAnnotations()).containsEntry(SliceNames.PLACEMENT_NAME_ANNOTATION, name);
                assertThat(slice.metadata().getLabels()).containsEntry(PlacementDecision.DECISION_KEY_LABEL, label);
                assertThat(slice.decisions()).extracting(d -> d.clusterProfileRef().name()).containsExactly("eu-1", "eu-2");
            });
        });
        assertThat(label).hasSize(63).startsWith("payments-xxx");

        String longest = "y".repeat(253);
        cluster.create(Placements.placement(longest, pickN(1, "eu")));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.slices("apps", SliceNames.labelValue(longest)))
                .singleElement().satisfies(slice -> {
                    assertThat(slice.metadata().getName()).isEqualTo(SliceNames.sliceName(longest, 0)).hasSizeLessThan(253);
                    assertThat(slice.decisions()).extracting(d -> d.clusterProfileRef().name()).isEqualTo(selected(longest));
                }));
    }

    @Test
    @Order(5)
    void hugeSelectorValuesAreRefusedAndTheLargestAllowedGiveAWritableStatus() throws Exception {
        String hundredLongValues = IntStream.range(0, 100).mapToObj(i -> "\"%04d%s\"".formatted(i, "v".repeat(1020)))
                .collect(java.util.stream.Collectors.joining(","));
        assertRejected(placementJson("huge-values", """
                {"predicates": [{"propertySelector": {"matchExpressions": [
                  {"name": "location", "operator": "In", "values": [%s]}]}}]}""".formatted(hundredLongValues)),
                "16384 characters");
        String labelExpressions = IntStream.range(0, 32).mapToObj(i -> """
                {"key": "k%d", "operator": "In", "values": [%s]}""".formatted(i,
                        String.join(",", java.util.Collections.nCopies(100, "\"" + "y".repeat(63) + "\""))))
                .collect(java.util.stream.Collectors.joining(","));
        assertRejected(placementJson("huge-labels", """
                {"predicates": [{"labelSelector": {"matchExpressions": [%s]}}]}""".formatted(labelExpressions)),
                "spec.predicates[0].labelSelector", "16384 characters");

        // At the limit: 16 values of 1,024 characters, which no cluster has.
        List<String> values = IntStream.range(0, 16).mapToObj(i -> "%04d%s".formatted(i, "v".repeat(1020))).toList();
        cluster.create(Placements.placement("largest-values", new PlacementSpec("PickAll", null, null, null, null,
                java.util.List.of(new ClusterSelectorTerm(null, new PropertySelector(List.of(new PropertyRequirement("location", "In", values))), null)),
                null, null, null)));
        createAndAwaitNeighbour("beside-largest-values");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(condition("largest-values", Conditions.SATISFIED).getReason())
                    .isEqualTo(Conditions.REASON_NO_CLUSTER_MATCHED);
            PlacementStatus status = cluster.placement("apps", "largest-values").status();
            assertThat(status.numberOfUnselectedClusters()).isEqualTo(5);
            assertThat(status.unselectedClusters()).hasSize(5).allSatisfy(u ->
                    assertThat(u.reason()).hasSizeLessThan(StatusBudget.MAX_REASON).contains("and 11 more]"));
            assertThat(ApiJson.gson().toJson(status).length()).isLessThan(StatusBudget.MAX_BYTES);
        });
    }

    /** One tenant's tolerationSeconds of 10^17 means "for a very long time" and stops nobody's pass. */
    @Test
    @Order(6)
    void aHugeTolerationKeepsItsClusterWhileOthersMoveOn() throws Exception {
        cluster.create(Placements.placement("forever", new PlacementSpec("PickN", 1, null, null, null, null,
                new Preferences(List.of("ap"), null, null), null,
                List.of(new Toleration(Toleration.UNHEALTHY, 100_000_000_000_000_000L)))));
        cluster.create(Placements.placement("plain", pickN(1, "ap")));
        await().atMost(TIMEOUT).until(() -> selected("forever").equals(List.of("ap-1"))
                && selected("plain").equals(List.of("ap-1")));

        long start = System.nanoTime();
        cluster.updateStatus(profile("ap-1").location("ap").healthy("False", OffsetDateTime.now(ZoneOffset.UTC)).build());
        createAndAwaitNeighbour("beside-forever");

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(selected("plain")).hasSize(1).doesNotContain("ap-1");
            assertThat(cluster.slices("apps", "plain")).singleElement().satisfies(slice ->
                    assertThat(slice.decisions()).extracting(d -> d.clusterProfileRef().name()).doesNotContain("ap-1"));
        });
        System.out.printf("ap-1 unhealthy -> plain moved off it in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(selected("forever")).containsExactly("ap-1");
        assertThat(condition("forever", Conditions.SATISFIED).getStatus()).isEqualTo("True");
    }

    @Test
    @Order(7)
    void everythingConvergesAndNoWriteWasRefused() {
        new Convergence(apiServer.client()).awaitConverged("poison-placements", Instant.now(), TIMEOUT);

        assertThat(writeErrors()).isZero();
    }
}
