package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1Subject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1RoleRef;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingStatus;
import io.meridian.scheduler.testing.Chart;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.ControllerProcess;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Multi-tenancy on a real API server with RBAC, as a platform team sets it up: the chart's RBAC,
 * admission policy and bind roles, rendered by helm and created on the API server; the controller
 * runs as the packaged jar with the token of the chart's ServiceAccount and nothing else; tenants
 * are ServiceAccounts of their team's namespace. {@code team-a} may bind {@code prod},
 * {@code team-b} may bind {@code staging}, {@code team-c} may bind nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenancyIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SYSTEM = "meridian-system";

    private static KubeApiServer apiServer;
    private static ClusterObjects admin;
    private static ClusterObjects tenantA;
    private static ClusterObjects tenantB;
    private static ControllerProcess controller;

    @BeforeAll
    static void setUp() throws Exception {
        apiServer = KubeApiServer.start();
        admin = new ClusterObjects(apiServer.client());
        for (String namespace : List.of(SYSTEM, "fleet", "team-a", "team-b", "team-c")) {
            admin.namespace(namespace, Map.of());
        }
        admin.create(profile("prod-1").location("eu").clusterSet("prod").build());
        admin.create(profile("prod-2").location("us").clusterSet("prod").build());
        admin.create(profile("staging-1").location("eu").clusterSet("staging").build());
        admin.create(profile("staging-2").location("us").clusterSet("staging").build());

        List<Map<String, Object>> chart = Chart.render(SYSTEM,
                "bindings.roles[0].name=prod", "bindings.roles[0].clusterSets={prod}",
                "bindings.roles[1].name=staging", "bindings.roles[1].clusterSets={staging}");
        Chart.create(apiServer.client(), chart, Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role",
                "RoleBinding", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"));
        tenantA = tenant("team-a", "meridian-bind-prod");
        tenantB = tenant("team-b", "meridian-bind-staging");
        awaitAdmissionPolicy();

        @SuppressWarnings("unchecked")
        String config = (String) ((Map<String, Object>) Chart.first(chart, "ConfigMap").get("data")).get("application.yaml");
        Path configDir = Files.createTempDirectory("meridian-chart-config");
        Files.writeString(configDir.resolve("application.yaml"), config);
        Path kubeconfig = apiServer.kubeconfig("meridian", apiServer.serviceAccountToken(SYSTEM, "meridian"));
        controller = ControllerProcess.start(kubeconfig, SYSTEM, "tenancy-chart-rbac", List.of(
                "spring.config.additional-location=file:" + configDir + "/", "meridian.debounce=50ms"));
    }

    /**
     * A team's ServiceAccount {@code tenant}: it may manage Placements in its namespace (a Role of
     * the test) and gets the chart's bind role there, which also lets it manage ClusterSetBindings.
     */
    private static ClusterObjects tenant(String namespace, String bindRole) throws Exception {
        RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(apiServer.client());
        V1Subject subject = new V1Subject().kind("ServiceAccount").name("tenant").namespace(namespace);
        rbac.createNamespacedRole(namespace, new V1Role().metadata(new V1ObjectMeta().name("placements"))
                .rules(List.of(new V1PolicyRule().apiGroups(List.of("scheduling.meridian.io"))
                        .resources(List.of("placements")).verbs(List.of("get", "list", "watch", "create", "update",
                                "patch", "delete"))))).execute();
        rbac.createNamespacedRoleBinding(namespace, new V1RoleBinding().metadata(new V1ObjectMeta().name("placements"))
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("Role").name("placements"))
                .subjects(List.of(subject))).execute();
        rbac.createNamespacedRoleBinding(namespace, new V1RoleBinding().metadata(new V1ObjectMeta().name("bind"))
                .roleRef(new V1RoleRef().apiGroup("rbac.authorization.k8s.io").kind("ClusterRole").name(bindRole))
                .subjects(List.of(subject))).execute();
        return new ClusterObjects(apiServer.client(apiServer.serviceAccountToken(namespace, "tenant")));
    }

    /** The API server applies a new policy within a second or so; until then it admits everything. */
    private static void awaitAdmissionPolicy() {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThatThrownBy(() -> tenantA.bind("team-a", "staging", true))
                        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(403)));
    }

    @AfterAll
    static void tearDown() {
        if (controller != null) {
            controller.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
    }

    private static ClusterSetBindingStatus bindingStatus(String namespace, String name) throws ApiException {
        ClusterSetBindingStatus status = admin.binding(namespace, name).status();
        assertThat(status).as("status of %s/%s", namespace, name).isNotNull();
        return status;
    }

    private static String found(ClusterSetBindingStatus status) {
        return status.conditions().stream().filter(c -> ClusterSetBindingStatus.CLUSTERSET_FOUND.equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse("none");
    }

    private static JsonObject binding(String name, String spec) {
        return JsonParser.parseString("""
                {"apiVersion": "%s", "kind": "%s", "metadata": {"name": "%s"}%s}"""
                .formatted(ClusterSetBinding.API_VERSION, ClusterSetBinding.KIND, name,
                        spec == null ? "" : ", \"spec\": " + spec)).getAsJsonObject();
    }

    @Test
    @Order(1)
    void theSchemaRejectsABindingThatNamesNoClustersetOrAnInvalidOne() {
        for (String spec : List.of("{}", "{\"clusterSet\": \"\"}", "{\"clusterSet\": \"two words\"}",
                "{\"clusterSet\": \"-prod\"}", "{\"clusterSet\": \"" + "x".repeat(64) + "\"}")) {
            assertThatThrownBy(() -> admin.createBinding("team-a", binding("bad", spec))).as(spec)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(422);
                        assertThat(e.getResponseBody()).contains("spec.clusterSet");
                    });
        }
        assertThatThrownBy(() -> admin.createBinding("team-a", binding("bad", null)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getResponseBody()).contains("spec: Required value");
                });
    }

    @Test
    @Order(2)
    void aTenantWithoutBindIsRefusedWithThePolicysMessage() {
        assertThatThrownBy(() -> tenantA.bind("team-a", "staging"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getResponseBody()).contains("system:serviceaccount:team-a:tenant may not bind clusterset"
                            + " staging to namespace team-a: a ClusterSetBinding needs the verb bind on"
                            + " clustersets.scheduling.meridian.io named staging");
                });
        // team-b may bind staging, but only in its own namespace: its bind role is granted there alone.
        assertThatThrownBy(() -> tenantB.bind("team-a", "staging"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }

    @Test
    @Order(3)
    void aTenantWithBindIsAcceptedAndMeridianReportsTheClusterset() throws Exception {
        tenantA.bind("team-a", "prod");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            ClusterSetBindingStatus status = bindingStatus("team-a", "prod");
            assertThat(status.numberOfClusters()).isEqualTo(2);
            assertThat(status.observedGeneration()).isEqualTo(1L);
            assertThat(found(status)).isEqualTo("True/" + ClusterSetBindingStatus.REASON_FOUND);
        });
        assertThat(admin.binding("team-a", "prod").metadata().getManagedFields())
                .anySatisfy(field -> {
                    assertThat(field.getManager()).isEqualTo(ApplyClient.FIELD_MANAGER);
                    assertThat(field.getSubresource()).isEqualTo("status");
                });
    }

    @Test
    @Order(4)
    void changingABindingToAClustersetTheTenantMayNotBindIsRefused() {
        assertThatThrownBy(() -> tenantA.patchBinding("team-a", "prod", "{\"clusterSet\": \"staging\"}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getResponseBody()).contains("may not bind clusterset staging to namespace team-a");
                });
    }

    @Test
    @Order(5)
    void aBindingForAClustersetThatDoesNotExistIsAcceptedAndItsStatusSaysSo() throws Exception {
        admin.bind("team-b", "gpu"); // an admin may bind anything

        await().atMost(TIMEOUT).untilAsserted(() -> {
            ClusterSetBindingStatus status = bindingStatus("team-b", "gpu");
            assertThat(status.numberOfClusters()).isZero();
            assertThat(found(status)).isEqualTo("False/" + ClusterSetBindingStatus.REASON_NOT_FOUND);
            assertThat(status.conditions().get(0).getMessage()).contains("No ClusterProfile is in clusterset gpu");
        });

        admin.create(profile("gpu-1").location("eu").clusterSet("gpu").build());

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(found(bindingStatus("team-b", "gpu"))).isEqualTo("True/" + ClusterSetBindingStatus.REASON_FOUND);
            assertThat(bindingStatus("team-b", "gpu").numberOfClusters()).isEqualTo(1);
        });
        admin.deleteBinding("team-b", "gpu");
    }

    @Test
    @Order(6)
    void aPlacementInAnUnboundNamespaceSelectsNothingAndSaysWhy() throws Exception {
        admin.create(placement("team-c", "web", TestFleet.pickAll()));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            Placement web = admin.placement("team-c", "web");
            assertThat(web.status()).isNotNull();
            assertThat(web.status().decisions()).isEmpty();
            assertThat(web.status().unselectedClusters()).isNullOrEmpty();
            assertThat(web.status().numberOfUnselectedClusters()).isZero();
            assertThat(condition(web, Conditions.SATISFIED)).isEqualTo("False/" + Conditions.REASON_NO_CLUSTER_MATCHED);
            assertThat(message(web, Conditions.SATISFIED))
                    .isEqualTo("No cluster is visible to namespace team-c; see the ClusterSetsBound condition.");
            assertThat(condition(web, Conditions.CLUSTERSETS_BOUND)).isEqualTo("False/" + Conditions.REASON_NO_CLUSTERSET_BOUND);
            assertThat(message(web, Conditions.CLUSTERSETS_BOUND))
                    .startsWith("No clusterset is bound to namespace team-c: this Placement sees no cluster.");
        });
        assertThat(admin.slices("team-c", "web")).allSatisfy(slice -> assertThat(slice.decisions()).isEmpty());
    }

    @Test
    @Order(7)
    void twoNamespacesBoundToDifferentClustersetsNeverSeeEachOthersClusters() throws Exception {
        tenantB.bind("team-b", "staging");
        tenantA.create(placement("team-a", "all", TestFleet.pickAll()));
        tenantA.create(placement("team-a", "wide", new PlacementSpec("PickN", 3, null, null, List.of("prod", "staging"),
                null, null, null, null)));
        tenantB.create(placement("team-b", "all", TestFleet.pickAll()));
        tenantB.create(placement("team-b", "one", TestFleet.pickN(1)));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(TestFleet.selected(tenantA.placement("team-a", "all"))).containsExactly("prod-1", "prod-2");
            assertThat(TestFleet.selected(tenantA.placement("team-a", "wide"))).containsExactly("prod-1", "prod-2");
            assertThat(TestFleet.selected(tenantB.placement("team-b", "all"))).containsExactly("staging-1", "staging-2");
            assertThat(TestFleet.selected(tenantB.placement("team-b", "one"))).singleElement().asString()
                    .startsWith("staging-");
        });
        for (String name : List.of("all", "wide")) {
            assertThat(named(tenantA.placement("team-a", name))).allMatch(cluster -> cluster.startsWith("prod-"));
            assertThat(admin.slices("team-a", name)).flatExtracting(slice -> slice.decisions())
                    .allMatch(decision -> decision.clusterProfileRef().name().startsWith("prod-"));
        }
        for (String name : List.of("all", "one")) {
            assertThat(named(tenantB.placement("team-b", name))).allMatch(cluster -> cluster.startsWith("staging-"));
        }
        Placement wide = tenantA.placement("team-a", "wide");
        assertThat(condition(wide, Conditions.SATISFIED)).isEqualTo("False/" + Conditions.REASON_NOT_ENOUGH_CLUSTERS);
        assertThat(condition(wide, Conditions.CLUSTERSETS_BOUND)).isEqualTo("False/" + Conditions.REASON_CLUSTERSETS_NOT_BOUND);
        assertThat(message(wide, Conditions.CLUSTERSETS_BOUND)).startsWith(
                "spec.clusterSets names clustersets not bound to namespace team-a: [staging]");
        assertThat(condition(tenantA.placement("team-a", "all"), Conditions.CLUSTERSETS_BOUND))
                .isEqualTo("True/" + Conditions.REASON_CLUSTERSETS_BOUND);
    }

    @Test
    @Order(8)
    void deletingABindingMovesThePlacementsOffWithAReason() throws Exception {
        long start = System.nanoTime();
        tenantA.deleteBinding("team-a", "prod");

        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            for (String name : List.of("all", "wide")) {
                Placement placement = tenantA.placement("team-a", name);
                assertThat(placement.status().decisions()).as(name).isEmpty();
                assertThat(named(placement)).as(name).isEmpty();
                assertThat(admin.slices("team-a", name)).flatExtracting(slice -> slice.decisions()).isEmpty();
            }
        });
        System.out.printf("binding deleted -> its clusters left every Placement of the namespace in %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        assertThat(condition(tenantA.placement("team-a", "all"), Conditions.CLUSTERSETS_BOUND))
                .isEqualTo("False/" + Conditions.REASON_NO_CLUSTERSET_BOUND);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("team-a", "all")).anySatisfy(message ->
                assertThat(message).contains("Selected 0 clusters", "removed: fleet/prod-1, fleet/prod-2",
                        "fleet/prod-1, fleet/prod-2 left because namespace team-a may no longer use them")));
        assertThat(TestFleet.selected(tenantB.placement("team-b", "all"))).containsExactly("staging-1", "staging-2");
    }

    @Test
    @Order(9)
    void addingABindingSchedulesThePlacementsThatCanNowBeSatisfied() throws Exception {
        tenantA.bind("team-a", "prod");
        admin.bind("team-c", "staging");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(TestFleet.selected(tenantA.placement("team-a", "all"))).containsExactly("prod-1", "prod-2");
            assertThat(TestFleet.selected(tenantA.placement("team-a", "wide"))).containsExactly("prod-1", "prod-2");
            Placement web = admin.placement("team-c", "web");
            assertThat(TestFleet.selected(web)).containsExactly("staging-1", "staging-2");
            assertThat(condition(web, Conditions.SATISFIED)).isEqualTo("True/" + Conditions.REASON_ALL_DECISIONS_SCHEDULED);
            assertThat(condition(web, Conditions.CLUSTERSETS_BOUND)).isEqualTo("True/" + Conditions.REASON_CLUSTERSETS_BOUND);
        });
    }

    @Test
    @Order(10)
    void aClusterWhoseClustersetChangesMovesBetweenTheNamespaces() throws Exception {
        admin.updateStatus(profile("prod-2").location("us").clusterSet("staging").build());

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(TestFleet.selected(tenantA.placement("team-a", "all"))).containsExactly("prod-1");
            assertThat(TestFleet.selected(tenantB.placement("team-b", "all")))
                    .containsExactly("prod-2", "staging-1", "staging-2");
            assertThat(bindingStatus("team-a", "prod").numberOfClusters()).isEqualTo(1);
            assertThat(bindingStatus("team-b", "staging").numberOfClusters()).isEqualTo(3);
        });
        assertThat(named(tenantA.placement("team-a", "all"))).containsExactly("prod-1");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(events("team-a", "all")).anySatisfy(message ->
                assertThat(message).contains("removed: fleet/prod-2", "fleet/prod-2 left because namespace team-a")));
    }

    @Test
    @Order(100)
    void theControllerNeededNothingBeyondTheChartsRbac() throws Exception {
        assertThat(controller.isAlive()).as(controller.logTail()).isTrue();
        assertThat(controller.log()).as(controller.logTail())
                .contains("meridian.tenancy.mode=bindings", "leading: scheduling loop started")
                .doesNotContainIgnoringCase("forbidden");
        // The token it ran with is the ServiceAccount's, not an admin's: it reads no Secrets.
        String token = apiServer.serviceAccountToken(SYSTEM, "meridian");
        assertThatThrownBy(() -> new CoreV1Api(apiServer.client(token)).listSecretForAllNamespaces().execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }

    private static Placement placement(String namespace, String name, PlacementSpec spec) {
        return new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace(namespace).name(name),
                spec, null);
    }

    private static String condition(Placement placement, String type) {
        return TestFleet.condition(placement, type);
    }

    private static String message(Placement placement, String type) {
        return placement.status().conditions().stream().filter(c -> type.equals(c.getType())).map(c -> c.getMessage())
                .findFirst().orElse("none");
    }

    /** Every cluster the Placement's status names, selected or not. */
    private static List<String> named(Placement placement) {
        List<String> names = new java.util.ArrayList<>(TestFleet.selected(placement));
        if (placement.status().unselectedClusters() != null) {
            placement.status().unselectedClusters().forEach(u -> names.add(u.clusterProfileRef().name()));
        }
        return names;
    }

    /** Messages of the Events on a Placement, as its namespace's users read them. */
    private static List<String> events(String namespace, String placement) throws ApiException {
        return admin.core().listNamespacedEvent(namespace).execute().getItems().stream()
                .filter(event -> placement.equals(event.getInvolvedObject().getName()))
                .map(event -> event.getMessage()).toList();
    }
}
