package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.testing.TestFleet.pickAll;
import static io.meridian.scheduler.testing.TestFleet.pickN;
import static io.meridian.scheduler.testing.TestFleet.placement;
import static io.meridian.scheduler.testing.TestFleet.selected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.Convergence;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What Meridian wrote stays as it wrote it, and no single Placement holds up the others, on a
 * real kube-apiserver and etcd. Each hand edit of a status or of Meridian's slices is written
 * back from its watch event (the requirement is within a second; the tests allow five and print
 * the time taken). After every test the fleet has converged: every Placement answered for its
 * generation, slices equal to {@code status.decisions}, no orphan slices.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@AutoConfigureObservability
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OwnershipIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The requirement is one second; the margin is for a loaded machine. */
    private static final Duration REVERTED_WITHIN = Duration.ofSeconds(5);
    private static final String HAND = "kubectl-edit";
    private static final List<String> STATUS_FIELDS = List.of("observedGeneration", "decisions");
    private static final String ADMISSION = "admissionregistration.k8s.io";
    private static final String POLICY = "meridian-test-read-only-status";

    private static KubeApiServer apiServer;
    private static ClusterObjects cluster;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private HookedApplyClient apply;

    @Autowired
    private OwnWrites ownWrites;

    @Autowired
    private SchedulingQueue queue;

    /** Lets a test act just before Meridian writes a status, through the real client. */
    static class HookedApplyClient extends ApplyClient {

        volatile Consumer<Placement> beforeStatusWrite = placement -> {
        };

        HookedApplyClient(ApiClient apiClient) {
            super(apiClient);
        }

        @Override
        public void applyStatus(Placement placement, PlacementStatus status) throws ApiException {
            beforeStatusWrite.accept(placement);
            super.applyStatus(placement, status);
        }
    }

    @TestConfiguration
    static class Hooks {
        @Bean
        @Primary
        HookedApplyClient hookedApplyClient(ApiClient apiClient) {
            return new HookedApplyClient(apiClient);
        }
    }

    @BeforeAll
    static void startApiServer() throws Exception {
        if (apiServer == null) {
            apiServer = TestFleet.start();
            cluster = new ClusterObjects(apiServer.client());
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

    @AfterEach
    void converged() {
        apply.beforeStatusWrite = placement -> {
        };
        new Convergence(apiServer.client()).awaitConverged("ownership", Instant.now(), TIMEOUT);
    }

    private double passes() {
        return meters.timer("meridian.scheduling.duration").count();
    }

    private double writes() {
        return meters.find(ControllerMetrics.WRITES).counters().stream().mapToDouble(Counter::count).sum();
    }

    private double writes(String kind) {
        return meters.counter(ControllerMetrics.WRITES, "kind", kind).count();
    }

    private double writeErrors(String kind) {
        return meters.find(ControllerMetrics.WRITE_ERRORS).tag("kind", kind).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    /** Every write error, whatever its kind and reason. */
    private double writeErrors() {
        return meters.find(ControllerMetrics.WRITE_ERRORS).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static Placement web() throws ApiException {
        return cluster.placement("apps", "web");
    }

    private static boolean ownedByMeridian(Placement placement) {
        return FieldOwnership.soleOwner(placement.metadata(), ApplyClient.FIELD_MANAGER, "status", STATUS_FIELDS);
    }

    /** Waits for the assertion to hold, at most {@link #REVERTED_WITHIN}, and prints how long it took. */
    private static void writtenBackWithin(String what, long startNanos, ThrowingRunnable assertion) {
        await().atMost(REVERTED_WITHIN).pollInterval(Duration.ofMillis(10)).untilAsserted(assertion);
        System.out.printf("%s written back in %d ms%n", what, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** No pass has run for a while: every change so far is handled. */
    private void awaitQuiet() {
        double[] seen = {-1, -1};
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(1500)).until(() -> {
            double[] now = {passes(), writes()};
            boolean quiet = now[0] == seen[0] && now[1] == seen[1];
            seen[0] = now[0];
            seen[1] = now[1];
            return quiet;
        });
    }

    private static PlacementDecision injected(String name, String schedulerName, String cluster) {
        return new PlacementDecision(PlacementDecision.API_VERSION, PlacementDecision.KIND,
                new V1ObjectMeta().namespace("apps").name(name).labels(Map.of(
                        PlacementDecision.PLACEMENT_KEY_LABEL, "web",
                        PlacementDecision.DECISION_KEY_LABEL, "web",
                        PlacementDecision.DECISION_INDEX_LABEL, "5")),
                List.of(new ClusterDecision(new ClusterProfileRef("fleet", cluster), "by hand")), schedulerName);
    }

    @Test
    @Order(1)
    void schedulesTheFleet() throws Exception {
        cluster.create(placement("web", pickN(2, "eu")));
        cluster.create(placement("api", pickN(1, "us")));
        cluster.create(placement("everywhere", pickAll()));
        cluster.create(placement("nowhere", new PlacementSpec("PickAll", null, null, null, List.of("staging"), null,
                null, null, null)));

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(selected(web())).containsExactly("eu-1", "eu-2");
            assertThat(selected(cluster.placement("apps", "everywhere"))).hasSize(5);
        });
        assertThat(ownedByMeridian(web())).isTrue();
    }

    @Test
    @Order(2)
    void anEditedStatusDecisionIsWrittenBackAndNeverPublished() throws Exception {
        PlacementDecision slice = cluster.slice("apps", "web-decision-0");

        long start = System.nanoTime();
        Placement edited = cluster.editStatus("apps", "web", """
                {"decisions": [{"clusterProfileRef": {"namespace": "fleet", "name": "us-1"}, "score": 0,
                 "reason": "by hand"}], "numberOfSelectedClusters": 1}""", HAND);

        assertThat(ownedByMeridian(edited)).as("the API server moved status.decisions to the editor").isFalse();
        writtenBackWithin("an edited status.decisions", start,
                () -> assertThat(selected(web())).containsExactly("eu-1", "eu-2"));
        assertThat(web().status().numberOfSelectedClusters()).isEqualTo(2);
        assertThat(ownedByMeridian(web())).as("the status is Meridian's field manager's alone again").isTrue();
        PlacementDecision after = cluster.slice("apps", "web-decision-0");
        assertThat(after.metadata().getResourceVersion()).as("the slice never saw the edit")
                .isEqualTo(slice.metadata().getResourceVersion());
        assertThat(meters.counter(ControllerMetrics.EDITS_REVERTED, "kind", "status").count()).isPositive();
    }

    @Test
    @Order(3)
    void anEditedObservedGenerationIsWrittenBack() throws Exception {
        long start = System.nanoTime();
        cluster.editStatus("apps", "web", "{\"observedGeneration\": 42}", HAND);

        writtenBackWithin("an edited status.observedGeneration", start,
                () -> assertThat(web().status().observedGeneration()).isEqualTo(web().metadata().getGeneration()));
        assertThat(ownedByMeridian(web())).isTrue();
    }

    @Test
    @Order(4)
    void aRemovedSliceLabelIsPutBack() throws Exception {
        long start = System.nanoTime();
        cluster.editSlice("apps", "web-decision-0", """
                {"metadata": {"labels": {"multicluster.x-k8s.io/placement-key": null}}}""", HAND);

        writtenBackWithin("a removed placement-key label", start, () ->
                assertThat(cluster.slice("apps", "web-decision-0").metadata().getLabels())
                        .containsEntry(PlacementDecision.PLACEMENT_KEY_LABEL, "web"));
    }

    @Test
    @Order(5)
    void aChangedSchedulerNameIsPutBack() throws Exception {
        long start = System.nanoTime();
        cluster.editSlice("apps", "web-decision-0", "{\"schedulerName\": \"someone-else\"}", HAND);

        writtenBackWithin("a changed schedulerName", start, () ->
                assertThat(cluster.slice("apps", "web-decision-0").schedulerName()).isEqualTo("meridian"));
    }

    @Test
    @Order(6)
    void editedSliceDecisionsArePutBack() throws Exception {
        long start = System.nanoTime();
        cluster.editSlice("apps", "web-decision-0", """
                {"decisions": [{"clusterProfileRef": {"namespace": "fleet", "name": "ap-1"}}]}""", HAND);

        writtenBackWithin("edited slice decisions", start, () ->
                assertThat(cluster.slice("apps", "web-decision-0").decisions())
                        .extracting(d -> d.clusterProfileRef().name()).containsExactly("eu-1", "eu-2"));
    }

    @Test
    @Order(7)
    void injectedSlicesUnderItsKeyAreRemovedButAnotherSchedulersAreLeftAlone() throws Exception {
        cluster.create(injected("web-ocm", "ocm", "us-2"));
        long start = System.nanoTime();
        cluster.create(injected("web-decision-5", DecisionSlicer.SCHEDULER_NAME, "us-2"));
        cluster.create(injected("web-extra", null, "us-1"));

        writtenBackWithin("two injected slices", start, () -> {
            assertThat(cluster.hasSlice("apps", "web-decision-5")).isFalse();
            assertThat(cluster.hasSlice("apps", "web-extra")).isFalse();
        });
        assertThat(cluster.hasSlice("apps", "web-ocm")).as("another scheduler's slice").isTrue();
        cluster.deleteSlice("apps", "web-ocm");
    }

    @Test
    @Order(8)
    void aDeletedSliceIsWrittenAgain() throws Exception {
        long start = System.nanoTime();
        cluster.deleteSlice("apps", "web-decision-0");

        writtenBackWithin("a deleted slice", start, () -> assertThat(cluster.hasSlice("apps", "web-decision-0")).isTrue());
    }

    @Test
    @Order(9)
    void aReplicaTakingOverAdoptsMeridiansStatusesAndWritesNothing() {
        awaitQuiet();
        double passes = passes();
        double writes = writes();

        ownWrites.clear(); // as in a replica that has just won the Lease
        queue.changed("test");

        await().atMost(TIMEOUT).until(() -> passes() > passes);
        assertThat(writes()).isEqualTo(writes);
    }

    @Test
    @Order(10)
    void aReplicaTakingOverDoesNotAdoptAnEditedStatusButStartsFromMeridiansSlices() throws Exception {
        awaitQuiet();
        ownWrites.clear(); // as in a replica that has just won the Lease

        long start = System.nanoTime();
        cluster.editStatus("apps", "web", """
                {"decisions": [{"clusterProfileRef": {"namespace": "fleet", "name": "us-1"}},
                 {"clusterProfileRef": {"namespace": "fleet", "name": "us-2"}}]}""", HAND);

        writtenBackWithin("an edited status.decisions, on a replica that just took over", start,
                () -> assertThat(selected(web())).containsExactly("eu-1", "eu-2"));
        assertThat(cluster.slice("apps", "web-decision-0").decisions()).extracting(d -> d.clusterProfileRef().name())
                .containsExactly("eu-1", "eu-2");
    }

    @Test
    @Order(11)
    void aPlacementDeletedWhileItsStatusIsWrittenIsNoWriteError() throws Exception {
        AtomicBoolean deletedFirst = new AtomicBoolean();
        apply.beforeStatusWrite = placement -> {
            if (placement.metadata().getName().equals("doomed") && !deletedFirst.getAndSet(true)) {
                try {
                    cluster.deletePlacement("apps", "doomed");
                } catch (ApiException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        double errors = writeErrors();

        cluster.create(placement("doomed", pickN(1, "ap")));

        await().atMost(TIMEOUT).until(deletedFirst::get);
        await().atMost(TIMEOUT).until(() -> !cluster.hasSlice("apps", "doomed-decision-0"));
        assertThat(writeErrors()).isEqualTo(errors);
    }

    @Test
    @Order(12)
    void aPlacementWhoseStatusTheApiServerRefusesHoldsUpNoOther() throws Exception {
        cluster.create(placement("blocked", pickN(1, "us")));
        await().atMost(TIMEOUT).until(() -> selected(cluster.placement("apps", "blocked")).size() == 1);
        refuseStatusWritesOf("blocked");
        double errors = writeErrors(ControllerMetrics.STATUS);

        cluster.patchSpec("apps", "blocked", "{\"numberOfClusters\": 2}");
        cluster.create(placement("free", pickN(1, "eu")));
        cluster.patchSpec("apps", "web", "{\"numberOfClusters\": 3}");

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(selected(cluster.placement("apps", "free"))).hasSize(1);
            assertThat(selected(web())).hasSize(3);
            assertThat(web().status().observedGeneration()).isEqualTo(web().metadata().getGeneration());
            assertThat(writeErrors(ControllerMetrics.STATUS)).isGreaterThan(errors + 1); // retried
        });
        assertThat(cluster.placement("apps", "blocked").status().observedGeneration()).isEqualTo(1L);
        assertThat(meters.find(ControllerMetrics.WRITE_ERRORS).tags("kind", "status", "reason", "Invalid")
                .counter()).isNotNull();
        await().atMost(TIMEOUT).until(() -> cluster.core().listNamespacedEvent("apps").execute().getItems().stream()
                .anyMatch(e -> DecisionEvents.WRITE_FAILED.equals(e.getReason())
                        && "blocked".equals(e.getInvolvedObject().getName())));

        cluster.deleteClusterObject(ADMISSION, "v1", "validatingadmissionpolicybindings", POLICY);
        cluster.deleteClusterObject(ADMISSION, "v1", "validatingadmissionpolicies", POLICY);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(selected(cluster.placement("apps", "blocked")))
                .hasSize(2));
    }

    /** An admission policy on the real API server that refuses every status write of one Placement. */
    private static void refuseStatusWritesOf(String name) throws Exception {
        cluster.createClusterObject(ADMISSION, "v1", "validatingadmissionpolicies", """
                {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy",
                 "metadata": {"name": "%s"},
                 "spec": {"failurePolicy": "Fail",
                  "matchConstraints": {"resourceRules": [{"apiGroups": ["scheduling.meridian.io"], "apiVersions": ["*"],
                   "operations": ["CREATE", "UPDATE"], "resources": ["placements/status"]}]},
                  "validations": [{"expression": "object.metadata.name != '%s'",
                   "message": "the status of this Placement is read-only"}]}}""".formatted(POLICY, name));
        cluster.createClusterObject(ADMISSION, "v1", "validatingadmissionpolicybindings", """
                {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding",
                 "metadata": {"name": "%s"},
                 "spec": {"policyName": "%s", "validationActions": ["Deny"]}}""".formatted(POLICY, POLICY));
        await().atMost(TIMEOUT).until(() -> {
            try {
                cluster.editStatus("apps", name, "{\"observedGeneration\": 1}", HAND, true);
                return false;
            } catch (ApiException refused) {
                return refused.getCode() == 422;
            }
        });
    }

    @Test
    @Order(13)
    void writesPerHealthFlipEqualThePlacementsAndSlicesThatChanged() throws Exception {
        for (int i = 0; i < 6; i++) {
            cluster.create(placement("svc-" + i, pickN(1 + i % 2, i % 2 == 0 ? "us" : "eu")));
        }
        new Convergence(apiServer.client()).awaitConverged("ownership", Instant.now(), TIMEOUT);

        for (String health : List.of("False", "True")) {
            awaitQuiet();
            Map<String, String> placementsBefore = versions(cluster.placements());
            Map<String, String> slicesBefore = versions(cluster.allSlices());
            double statusWrites = writes(ControllerMetrics.STATUS);
            double sliceWrites = writes(ControllerMetrics.SLICE);
            double passes = passes();

            cluster.updateStatus(profile("us-2").location("us").clusterSet("prod").healthy(health).build());

            await().atMost(TIMEOUT).until(() -> selected(cluster.placement("apps", "everywhere")).contains("us-2")
                    == health.equals("True"));
            awaitQuiet();
            int changedPlacements = changed(placementsBefore, versions(cluster.placements()));
            int changedSlices = changed(slicesBefore, versions(cluster.allSlices()));
            double statusDelta = writes(ControllerMetrics.STATUS) - statusWrites;
            double sliceDelta = writes(ControllerMetrics.SLICE) - sliceWrites;
            System.out.printf("us-2 healthy=%s: %.0f pass(es), %.0f status writes for %d changed placements, "
                    + "%.0f slice writes for %d changed slices%n", health, passes() - passes, statusDelta,
                    changedPlacements, sliceDelta, changedSlices);
            assertThat(passes() - passes).as("passes: Meridian's own writes start none").isEqualTo(1);
            assertThat(changedPlacements).isPositive();
            assertThat(statusDelta).isEqualTo(changedPlacements);
            assertThat(sliceDelta).isEqualTo(changedSlices);
        }
    }

    private static Map<String, String> versions(List<? extends io.kubernetes.client.common.KubernetesObject> objects) {
        Map<String, String> versions = new HashMap<>();
        objects.forEach(o -> versions.put(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(),
                o.getMetadata().getResourceVersion()));
        return versions;
    }

    /** Objects created, deleted or updated between the two snapshots. */
    private static int changed(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        return (int) keys.stream().filter(key -> !Objects.equals(before.get(key), after.get(key))).count();
    }
}
