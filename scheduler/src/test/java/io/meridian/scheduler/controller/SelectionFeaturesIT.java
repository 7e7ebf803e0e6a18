package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.DecisionGroup;
import io.meridian.api.placement.DecisionGroupStatus;
import io.meridian.api.placement.DecisionStrategy;
import io.meridian.api.placement.GroupClusterSelector;
import io.meridian.api.placement.GroupStrategy;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.Taint;
import io.meridian.scheduler.decision.SliceNames;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.CelSelectors;
import io.meridian.scheduler.placement.Placements;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The selection features on a real kube-apiserver and etcd: the CRD (which the API server accepts
 * only if its CEL rules fit the cost budget) refuses conflicting settings and unknown taint
 * effects, decision groups get their own labelled slices, a bad CEL expression is reported and
 * the previous decision kept, and an admin's taint moves a placement off a cluster.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SelectionFeaturesIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static KubeApiServer apiServer;
    private static ClusterObjects cluster;

    @BeforeAll
    static void startApiServer() throws Exception {
        if (apiServer != null) {
            return;
        }
        apiServer = KubeApiServer.start();
        cluster = new ClusterObjects(apiServer.client());
        TestFleet.namespaces(cluster);
        for (Profiles profile : List.of(
                profile("eu-1").location("eu").label("tier", "gold"),
                profile("eu-2").location("eu").label("tier", "gold"),
                profile("us-1").location("us").label("tier", "silver"),
                profile("us-2").location("us").label("tier", "silver"),
                profile("ap-1").location("ap").label("tier", "silver"))) {
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

    private static List<String> selected(String name) throws ApiException {
        PlacementStatus status = cluster.placement("apps", name).status();
        return status == null || status.decisions() == null ? List.of()
                : status.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    private static List<DecisionGroupStatus> groups(String name) throws ApiException {
        PlacementStatus status = cluster.placement("apps", name).status();
        return status == null || status.decisionGroups() == null ? List.of() : status.decisionGroups();
    }

    private static List<io.meridian.api.placement.UnselectedCluster> unselected(String name) throws ApiException {
        PlacementStatus status = cluster.placement("apps", name).status();
        return status == null || status.unselectedClusters() == null ? List.of() : status.unselectedClusters();
    }

    private static V1Condition condition(String name, String type) throws ApiException {
        PlacementStatus status = cluster.placement("apps", name).status();
        assertThat(status).as(name + " status").isNotNull();
        return status.conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    private static JsonObject placementJson(String name, String specJson) {
        return JsonParser.parseString("""
                {"apiVersion": "%s", "kind": "%s", "metadata": {"name": "%s", "namespace": "apps"}, "spec": %s}
                """.formatted(Placement.API_VERSION, Placement.KIND, name, specJson)).getAsJsonObject();
    }

    private static void assertRejected(String specJson, String... messageParts) {
        assertThatThrownBy(() -> cluster.create("apps", placementJson("refused", specJson)))
                .as(specJson)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getResponseBody()).contains(messageParts);
                });
    }

    @Test
    @Order(1)
    void theCrdRefusesUnknownTaintEffectsAndConflictingSettings() throws Exception {
        assertRejected("""
                {"tolerations": [{"key": "example.com/maintenance", "effect": "NoSchedule"}]}""",
                "spec.tolerations[0].effect", "NoSelect", "PreferNoSelect", "NoSelectIfNew");
        assertRejected("""
                {"tolerations": [{"condition": "Unhealthy", "key": "example.com/maintenance"}]}""",
                "condition is the short form of a toleration");
        assertRejected("""
                {"tolerations": [{"effect": "NoSelect"}]}""", "an empty key needs operator Exists");
        assertRejected("""
                {"tolerations": [{"key": "a", "operator": "Exists", "value": "b"}]}""", "operator Exists takes no value");
        assertRejected("""
                {"placementType": "PickN", "numberOfClusters": 1,
                 "preferences": {"preferredTerms": [{"weight": 0}]}}""", "weight must not be 0");
        assertRejected("""
                {"decisionStrategy": {"groupStrategy": {"decisionGroups": [
                  {"groupName": "canary", "groupClusterSelector": {}},
                  {"groupName": "canary", "groupClusterSelector": {}}]}}}""",
                "spec.decisionStrategy.groupStrategy.decisionGroups[1]", "Duplicate value");
        for (String size : List.of("0", "10001", "\"0%\"", "\"101%\"", "\"half\"", "\"5\"")) {
            assertRejected("""
                    {"decisionStrategy": {"groupStrategy": {"clustersPerDecisionGroup": %s}}}""".formatted(size),
                    "clustersPerDecisionGroup must be a count from 1 to 10000 or a percentage from 1% to 100%");
        }
        assertRejected("""
                {"placementType": "PickN", "numberOfClusters": 1, "predicatesDuringExecution": "Ignored"}""",
                "predicatesDuringExecution Ignored is only used with placementType PickAll");
        assertRejected("""
                {"predicates": [{"celExpressions": ["true", "true", "true", "true", "true", "true", "true", "true", "true"]}]}""",
                "spec.predicates[0].celExpressions", "must have at most 8 items");

        // Everything at once, at the largest the CRD allows where it counts, is accepted.
        cluster.create("apps", placementJson("accepted", """
                {"placementType": "PickAll", "predicatesDuringExecution": "Ignored",
                 "predicates": [{"labelSelector": {"matchLabels": {"tier": "gold"}}, "celExpressions": ["clusterName != ''"]}],
                 "preferences": {"preferredTerms": [{"weight": -100, "propertySorter": {"name": "cpu"}}]},
                 "tolerations": [{"condition": "NotJoined"}, {"key": "", "operator": "Exists", "effect": "PreferNoSelect"},
                                 {"key": "example.com/maintenance", "value": "os", "effect": "NoSelectIfNew", "tolerationSeconds": 60}],
                 "decisionStrategy": {"groupStrategy": {"clustersPerDecisionGroup": 10000,
                   "decisionGroups": [{"groupName": "canary", "groupClusterSelector": {"labelSelector": {"matchLabels": {"tier": "gold"}}}}]}}}"""));
        cluster.create("apps", placementJson("accepted-percent", """
                {"decisionStrategy": {"groupStrategy": {"clustersPerDecisionGroup": "100%"}}}"""));
        await().atMost(TIMEOUT).until(() -> selected("accepted").size() == 2 && selected("accepted-percent").size() == 5);
    }

    @Test
    @Order(2)
    void decisionGroupsHaveTheirOwnLabelledSlices() throws Exception {
        PlacementSpec spec = PlacementSpec.builder("PickAll")
                .decisionStrategy(new DecisionStrategy(new GroupStrategy(
                        List.of(new DecisionGroup("canary", new GroupClusterSelector(null, new PropertySelector(
                                List.of(new PropertyRequirement("location", "In", List.of("eu"))))))),
                        new IntOrString(2))))
                .build();
        cluster.create(Placements.placement("rollout", spec));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(groups("rollout")).extracting(g -> g.decisionGroupIndex() + "/" + g.decisionGroupName() + "/"
                    + g.clusters().stream().map(ref -> ref.name()).toList())
                    .containsExactly("0/canary/[eu-1, eu-2]", "1//[ap-1, us-1]", "2//[us-2]");
            List<PlacementDecision> slices = cluster.slices("apps", "rollout");
            assertThat(slices).extracting(slice -> slice.metadata().getName() + " "
                            + slice.metadata().getLabels().get(SliceNames.GROUP_INDEX_LABEL) + " "
                            + slice.metadata().getLabels().get(SliceNames.GROUP_NAME_LABEL) + " "
                            + slice.decisions().stream().map(d -> d.clusterProfileRef().name()).toList())
                    .containsExactly("rollout-decision-0 0 canary [eu-1, eu-2]", "rollout-decision-1 1  [ap-1, us-1]",
                            "rollout-decision-2 2  [us-2]");
            assertThat(slices).allSatisfy(slice -> assertThat(slice.metadata().getLabels())
                    .containsEntry(PlacementDecision.PLACEMENT_KEY_LABEL, "rollout")
                    .containsEntry(PlacementDecision.DECISION_KEY_LABEL, "rollout")
                    .containsEntry(PlacementDecision.DECISION_INDEX_LABEL,
                            slice.metadata().getName().substring("rollout-decision-".length())));
        });
        assertThat(cluster.slices("apps", "rollout").stream()
                .filter(s -> "canary".equals(s.metadata().getLabels().get(SliceNames.GROUP_NAME_LABEL))).toList())
                .singleElement().satisfies(s -> assertThat(s.decisions()).hasSize(2));

        // A fourth cluster in the canary's location joins the canary group; the other slices keep their clusters.
        cluster.create(profile("eu-3").location("eu").label("tier", "gold").build());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(groups("rollout")).extracting(g -> g.decisionGroupName() + g.clusters().stream().map(ref -> ref.name()).toList())
                .containsExactly("canary[eu-1, eu-2]", "canary[eu-3]", "[ap-1, us-1]", "[us-2]"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(cluster.slices("apps", "rollout"))
                .extracting(slice -> slice.metadata().getLabels().get(SliceNames.GROUP_INDEX_LABEL) + ":"
                        + slice.decisions().stream().map(d -> d.clusterProfileRef().name()).toList())
                .containsExactlyInAnyOrder("0:[eu-1, eu-2]", "1:[eu-3]", "2:[ap-1, us-1]", "3:[us-2]"));
    }

    @Test
    @Order(3)
    void aBadCelExpressionIsMisconfiguredAndThePreviousDecisionIsKept() throws Exception {
        cluster.create(Placements.placement("cel", PlacementSpec.builder("PickN").numberOfClusters(2)
                .predicates(ClusterSelectorTerm.cel("labels[?'tier'].orValue('') == 'silver'"))
                .preferences(new Preferences(List.of("us"), null, null)).build()));
        await().atMost(TIMEOUT).until(() -> selected("cel").equals(List.of("us-1", "us-2")));
        List<String> slicesBefore = cluster.slices("apps", "cel").stream().map(s -> s.metadata().getResourceVersion()).toList();

        cluster.patchSpec("apps", "cel", "{\"predicates\": [{\"celExpressions\": [\"labels.tier\"]}]}");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            V1Condition misconfigured = condition("cel", Conditions.MISCONFIGURED);
            assertThat(misconfigured.getStatus()).isEqualTo("True");
            assertThat(misconfigured.getMessage()).contains("spec.predicates[0].celExpressions[0]", "'labels.tier'",
                    "does not compile", "expected type 'bool' but found 'string'");
        });
        assertThat(selected("cel")).containsExactly("us-1", "us-2");
        assertThat(cluster.slices("apps", "cel").stream().map(s -> s.metadata().getResourceVersion()).toList())
                .isEqualTo(slicesBefore);

        // Over its cost on every cluster: ten thousand steps and more.
        List<String> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(Integer.toString(i));
        }
        String list = "[" + String.join(",", hundred) + "]";
        cluster.patchSpec("apps", "cel", "{\"predicates\": [{\"celExpressions\": [\"" + list + ".all(x, " + list
                + ".all(y, x + y >= 0))\"]}]}");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition("cel", Conditions.MISCONFIGURED).getMessage())
                .contains("exceeds its cost limit of " + CelSelectors.COST_LIMIT + " evaluation steps on cluster fleet/"));
        assertThat(selected("cel")).containsExactly("us-1", "us-2");

        cluster.patchSpec("apps", "cel", "{\"predicates\": [{\"celExpressions\": [\"clusterName.startsWith('eu-')\"]}]}");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(condition("cel", Conditions.MISCONFIGURED).getStatus()).isEqualTo("False");
            assertThat(selected("cel")).allSatisfy(name -> assertThat(name).startsWith("eu-")).hasSize(2);
        });
    }

    @Test
    @Order(4)
    void anAdminTaintMovesAPlacementOffACluster() throws Exception {
        cluster.create(Placements.placement("tainted", PlacementSpec.builder("PickN").numberOfClusters(1)
                .preferences(new Preferences(List.of("ap"), null, null)).build()));
        await().atMost(TIMEOUT).until(() -> selected("tainted").equals(List.of("ap-1")));

        long start = System.nanoTime();
        cluster.annotateProfile("fleet", "ap-1", Taint.ANNOTATION,
                "[{\"key\": \"example.com/maintenance\", \"value\": \"kernel\", \"effect\": \"NoSelect\"}]");

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            assertThat(selected("tainted")).hasSize(1).doesNotContain("ap-1");
            assertThat(cluster.slices("apps", "tainted").get(0).decisions())
                    .extracting(d -> d.clusterProfileRef().name()).doesNotContain("ap-1");
        });
        System.out.printf("taint -> placement moved off the cluster in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(cluster.placement("apps", "tainted").status().unselectedClusters()).anySatisfy(u -> {
            assertThat(u.clusterProfileRef().name()).isEqualTo("ap-1");
            assertThat(u.reason()).isEqualTo("tainted example.com/maintenance=kernel:NoSelect");
        });

        // Garbage in the annotation never stops scheduling: the cluster stays out, with a reason.
        cluster.annotateProfile("fleet", "ap-1", Taint.ANNOTATION, "{not json");
        cluster.create(Placements.placement("everywhere", PlacementSpec.builder("PickAll").build()));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(unselected("everywhere")).anySatisfy(u -> {
                    assertThat(u.clusterProfileRef().name()).isEqualTo("ap-1");
                    assertThat(u.reason()).isEqualTo("annotation " + Taint.ANNOTATION + " is not JSON");
                }));
        cluster.annotateProfile("fleet", "ap-1", Taint.ANNOTATION, null);
        await().atMost(TIMEOUT).until(() -> selected("everywhere").contains("ap-1"));
    }

    @Test
    @Order(5)
    void kubectlExplainsTheNewFields() throws Exception {
        assertThat(apiServer.kubectl("explain", "placements.spec.predicates.celExpressions")).contains("CEL", "compareVersions");
        assertThat(apiServer.kubectl("explain", "placements.spec.tolerations.effect")).contains("NoSelectIfNew");
        assertThat(apiServer.kubectl("explain", "placements.spec.decisionStrategy.groupStrategy.clustersPerDecisionGroup"))
                .contains("percentage");
        assertThat(apiServer.kubectl("explain", "placements.status.decisionGroups")).contains("decisionGroupIndex", "clusters");
        assertThat(apiServer.kubectl("explain", "placements.spec.preferences.preferredTerms.propertySorter")).contains("weight");
    }

}
