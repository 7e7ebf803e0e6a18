package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.binding;
import static io.meridian.scheduler.placement.Placements.pickN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.extended.event.EventType;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingStatus;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.TenancyOptions;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.solver.SchedulingOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One pass and per-placement retries, with the API server answering through a stub: what is
 * written, what is retried, what is counted. The real API server is in {@link OwnershipIT}.
 */
class FleetReconcilerTest {

    private static final String INVALID = """
            {"kind":"Status","status":"Failure","reason":"Invalid","message":"status is too large","code":422}""";
    private static final String NOT_FOUND = """
            {"kind":"Status","status":"Failure","reason":"NotFound","message":"placements \\"b\\" not found","code":404}""";

    private final FleetInformers informers = mock(FleetInformers.class);
    private final StubApi api = new StubApi();
    private final SchedulingQueue queue = mock(SchedulingQueue.class);
    private final RecordedEvents events = new RecordedEvents();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ControllerMetrics metrics = new ControllerMetrics(meters);
    private final OwnWrites ownWrites = new OwnWrites();
    /** The informer caches: they catch up with the API server when told to. */
    private final Map<String, Placement> placements = new ConcurrentHashMap<>();
    private final List<PlacementDecision> slices = new ArrayList<>();
    private FleetReconciler reconciler;

    @BeforeEach
    void setUp() {
        DecisionEvents decisionEvents = new DecisionEvents(events);
        WriteFailures failures = new WriteFailures(metrics, decisionEvents);
        reconciler = new FleetReconciler(informers, new FactMapper(FleetOptions.defaults()),
                new FleetScheduler(SchedulingOptions.defaults()),
                TenancyOptions.defaults(), api, new SliceWriter(api, ownWrites, failures, metrics), decisionEvents,
                ownWrites, new PreviousDecision(ownWrites), failures,
                new BindingStatusWriter(api, queue, metrics, TenancyOptions.defaults()), queue, metrics,
                Clock.fixed(Profiles.SINCE.toInstant().plus(Duration.ofMinutes(10)), ZoneOffset.UTC), 2);
        // Full passes: what an incremental pass leaves alone is the scheduler's to test.
        when(queue.drainPassRequest()).thenReturn(new SchedulingQueue.PassRequest(true, java.util.Set.of()));
        when(informers.clusterProfiles()).thenReturn(Stream.of("eu-1", "eu-2", "us-1", "us-2")
                .map(name -> profile(name).location(name.substring(0, 2)).clusterSet("prod").build()).toList());
        when(informers.clusterSetBindings()).thenReturn(List.of(binding("apps", "prod")));
        when(informers.namespaceLabels()).thenReturn(Map.of());
        when(informers.placements()).thenAnswer(call -> List.copyOf(placements.values()));
        when(informers.placementDecisions()).thenAnswer(call -> List.copyOf(slices));
        for (String name : List.of("a", "b", "c")) {
            placements.put("apps/" + name, placement(name));
        }
    }

    @AfterEach
    void shutDown() {
        reconciler.shutdown();
    }

    private static Placement placement(String name) {
        return new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace("apps").name(name)
                .uid("uid-" + name).generation(1L).resourceVersion("1"), pickN(2), null);
    }

    /** The caches see every write that succeeded. */
    private void catchUp() {
        api.statuses.forEach((name, written) -> placements.computeIfPresent("apps/" + name,
                (key, p) -> newVersion(p.withStatus(written.get(written.size() - 1)))));
        slices.clear();
        slices.addAll(api.slices.values());
    }

    private void edit(String key, UnaryOperator<PlacementStatus> edit) {
        placements.computeIfPresent(key, (k, p) -> newVersion(p.withStatus(edit.apply(p.status()))));
    }

    /** Every write gives the object a new resourceVersion. */
    private static Placement newVersion(Placement placement) {
        V1ObjectMeta metadata = ApiJson.gson().fromJson(ApiJson.gson().toJson(placement.metadata()), V1ObjectMeta.class);
        metadata.setResourceVersion(Integer.toString(Integer.parseInt(metadata.getResourceVersion()) + 1));
        return new Placement(placement.apiVersion(), placement.kind(), metadata, placement.spec(), placement.status());
    }

    private double errors(String kind, String reason) {
        return Optional.ofNullable(meters.find(ControllerMetrics.WRITE_ERRORS).tags("kind", kind, "reason", reason)
                .counter()).map(c -> c.count()).orElse(0.0);
    }

    @Test
    void aRefusedStatusWriteIsRetriedForThatPlacementAloneWhileTheOthersAreWritten() {
        api.refuse("b", 422, INVALID);

        assertThatCode(() -> reconciler.reconcile(SchedulingQueue.FLEET)).doesNotThrowAnyException();

        assertThat(api.statuses).containsOnlyKeys("a", "c");
        assertThat(api.slices).containsKeys("a-decision-0", "b-decision-0", "c-decision-0");
        verify(queue).retry("apps/b");
        verify(queue, never()).retry("apps/a");
        verify(queue, never()).retry("apps/c");
        assertThat(errors("status", "Invalid")).isEqualTo(1);
        assertThat(events.reasons("b")).containsExactly(DecisionEvents.WRITE_FAILED);

        reconciler.reconcile("apps/b"); // still refused: counted again, no second Event

        assertThat(errors("status", "Invalid")).isEqualTo(2);
        assertThat(events.reasons("b")).containsExactly(DecisionEvents.WRITE_FAILED);
        verify(queue, times(2)).retry("apps/b");

        api.refusals.clear();
        reconciler.reconcile("apps/b"); // accepted now

        assertThat(api.statuses.get("b")).hasSize(1);
        assertThat(api.statuses.get("a")).hasSize(1);
        verify(queue).forget("apps/b");
        assertThat(events.reasons("b")).containsExactly(DecisionEvents.WRITE_FAILED, DecisionEvents.DECISION_CHANGED);
    }

    @Test
    void clustersWhoseBindingIsDeletedLeaveWithTheReasonAndAreNotNamedAgain() {
        reconciler.reconcile(SchedulingQueue.FLEET);
        catchUp();
        assertThat(api.statuses.get("a").get(0).decisions()).hasSize(2);
        assertThat(api.bindingStatuses.get("apps/prod").numberOfClusters()).isEqualTo(4);

        when(informers.clusterSetBindings()).thenReturn(List.of());
        reconciler.reconcile(SchedulingQueue.FLEET);

        PlacementStatus unbound = api.statuses.get("a").get(1);
        assertThat(unbound.decisions()).isEmpty();
        assertThat(unbound.unselectedClusters()).isEmpty();
        assertThat(unbound.numberOfUnselectedClusters()).isZero();
        assertThat(unbound.conditions()).anySatisfy(condition -> {
            assertThat(condition.getType()).isEqualTo(Conditions.CLUSTERSETS_BOUND);
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo(Conditions.REASON_NO_CLUSTERSET_BOUND);
        });
        assertThat(api.slices.get("a-decision-0").decisions()).isEmpty();
        assertThat(events.messages("a")).last().asString().contains("Selected 0 clusters", "left because namespace apps"
                + " may no longer use them: no ClusterSetBinding there binds their clusterset");
    }

    @Test
    void anyOtherFailureWritingOnePlacementIsRetriedForItAlone() {
        api.failing.add("a");

        reconciler.reconcile(SchedulingQueue.FLEET);

        assertThat(api.statuses).containsOnlyKeys("b", "c");
        verify(queue).retry("apps/a");
        verify(queue, never()).retry("apps/b");
    }

    @Test
    void aPlacementDeletedWhileItIsWrittenIsNoFailure() {
        api.refuse("b", 404, NOT_FOUND);

        reconciler.reconcile(SchedulingQueue.FLEET);

        verify(queue, never()).retry(any());
        assertThat(meters.find(ControllerMetrics.WRITE_ERRORS).counters()).isEmpty();
        assertThat(events.reasons("b")).isEmpty();
        assertThat(api.statuses).containsOnlyKeys("a", "c");
    }

    @Test
    void aRetryOfAPlacementThatIsGoneOnlyRemovesItsSlices() {
        api.refuse("b", 422, INVALID);
        reconciler.reconcile(SchedulingQueue.FLEET);
        catchUp();
        placements.remove("apps/b");

        reconciler.reconcile("apps/b");

        assertThat(api.slices).doesNotContainKey("b-decision-0").containsKeys("a-decision-0", "c-decision-0");
        assertThat(api.statuses).doesNotContainKey("b");
        verify(queue).forget("apps/b");
    }

    @Test
    void aHandEditedStatusIsWrittenBackNotAdopted() {
        reconciler.reconcile(SchedulingQueue.FLEET);
        catchUp();
        PlacementStatus ours = placements.get("apps/a").status();
        List<String> chosen = ours.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
        String other = Stream.of("eu-1", "eu-2", "us-1", "us-2").filter(n -> !chosen.contains(n)).findFirst().orElseThrow();
        edit("apps/a", status -> new PlacementStatus(status.observedGeneration(), 2, List.of(
                new Decision(new ClusterProfileRef("fleet", chosen.get(0)), 0L, "edited"),
                new Decision(new ClusterProfileRef("fleet", other), 0L, "edited")), status.conditions(),
                status.unselectedClusters(), status.numberOfUnselectedClusters()));
        api.clear();

        reconciler.reconcile(SchedulingQueue.FLEET);

        assertThat(api.statuses).containsOnlyKeys("a");
        assertThat(api.statuses.get("a")).containsExactly(ours);
        assertThat(api.slices).isEmpty(); // the slices never saw the edit
        assertThat(meters.counter(ControllerMetrics.EDITS_REVERTED, "kind", "status").count()).isEqualTo(1);
    }

    @Test
    void anEditedObservedGenerationIsWrittenBack() {
        reconciler.reconcile(SchedulingQueue.FLEET);
        catchUp();
        PlacementStatus ours = placements.get("apps/c").status();
        edit("apps/c", status -> new PlacementStatus(7L, status.numberOfSelectedClusters(), status.decisions(),
                status.conditions(), status.unselectedClusters(), status.numberOfUnselectedClusters()));
        api.clear();

        reconciler.reconcile(SchedulingQueue.FLEET);

        assertThat(api.statuses).containsOnlyKeys("c");
        assertThat(api.statuses.get("c")).containsExactly(ours);
    }

    @Test
    void aPassBeforeTheCacheShowsMeridiansOwnWritesDoesNotWriteThemAgain() {
        reconciler.reconcile(SchedulingQueue.FLEET);
        api.clear();

        reconciler.reconcile(SchedulingQueue.FLEET); // the caches still hold what was there before

        assertThat(api.statuses).isEmpty();
        assertThat(api.slices).isEmpty();
    }

    @Test
    void aQuietPassWritesNothing() {
        reconciler.reconcile(SchedulingQueue.FLEET);
        catchUp();
        api.clear();

        reconciler.reconcile(SchedulingQueue.FLEET);

        assertThat(api.statuses).isEmpty();
        assertThat(api.slices).isEmpty();
        assertThat(api.deleted).isEmpty();
    }

    @Test
    void pickAllAndPickFixedPlacementsWrittenWhileTheRestIsSolvedAreWrittenOnce() {
        placements.put("apps/all", new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace("apps")
                .name("all").uid("uid-all").generation(1L).resourceVersion("1"),
                new PlacementSpec("PickAll", null, null, null, null, null, null, null, null), null));
        placements.put("apps/fixed", new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta()
                .namespace("apps").name("fixed").uid("uid-fixed").generation(1L).resourceVersion("1"),
                new PlacementSpec("PickFixed", null, List.of("fleet/eu-1"), null, null, null, null, null, null), null));

        reconciler.reconcile(SchedulingQueue.FLEET);

        assertThat(api.statuses).containsOnlyKeys("a", "b", "c", "all", "fixed");
        assertThat(api.statuses.values()).allSatisfy(written -> assertThat(written).hasSize(1));
        assertThat(api.statuses.get("all").get(0).numberOfSelectedClusters()).isEqualTo(4);
        assertThat(api.statuses.get("fixed").get(0).decisions()).extracting(d -> d.clusterProfileRef().name())
                .containsExactly("eu-1");
        assertThat(api.slices).containsKeys("all-decision-0", "fixed-decision-0");
    }

    /** Answers writes like the API server would, or refuses them for the placements it is told to. */
    private static final class StubApi extends ApplyClient {

        final Map<String, List<PlacementStatus>> statuses = new ConcurrentHashMap<>();
        final Map<String, PlacementDecision> slices = new ConcurrentHashMap<>();
        final Map<String, ClusterSetBindingStatus> bindingStatuses = new ConcurrentHashMap<>();
        final List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Map<String, ApiException> refusals = new ConcurrentHashMap<>();
        final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();

        StubApi() {
            super(new ApiClient());
        }

        void refuse(String placement, int code, String body) {
            refusals.put(placement, new ApiException(code, Map.of(), body));
        }

        /** Forgets what was written so far; the slices stay on the server. */
        void clear() {
            statuses.clear();
            slices.clear();
            deleted.clear();
        }

        @Override
        public void applyStatus(Placement placement, PlacementStatus status) throws ApiException {
            String name = placement.metadata().getName();
            if (failing.contains(name)) {
                throw new IllegalStateException("response not understood");
            }
            if (refusals.containsKey(name)) {
                throw refusals.get(name);
            }
            statuses.computeIfAbsent(name, n -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(status);
        }

        @Override
        public void applyStatus(ClusterSetBinding binding, ClusterSetBindingStatus status) {
            bindingStatuses.put(binding.key(), status);
        }

        @Override
        public void apply(PlacementDecision slice) {
            slices.put(slice.metadata().getName(), slice);
        }

        @Override
        public void create(PlacementDecision slice) throws ApiException {
            if (slices.putIfAbsent(slice.metadata().getName(), slice) != null) {
                throw new ApiException(409, Map.of(), "{\"kind\":\"Status\",\"reason\":\"AlreadyExists\",\"code\":409}");
            }
        }

        @Override
        public void delete(PlacementDecision slice) {
            slices.remove(slice.metadata().getName());
            deleted.add(slice.metadata().getName());
        }
    }

    /** Events by the name of the Placement they are on. */
    private static final class RecordedEvents implements EventRecorder {

        private final Map<String, List<String>> reasons = new ConcurrentHashMap<>();
        private final Map<String, List<String>> messages = new ConcurrentHashMap<>();

        List<String> reasons(String placement) {
            return reasons.getOrDefault(placement, List.of());
        }

        List<String> messages(String placement) {
            return messages.getOrDefault(placement, List.of());
        }

        @Override
        public void event(KubernetesObject object, EventType type, String reason, String message, String... args) {
            reasons.computeIfAbsent(object.getMetadata().getName(), n -> new ArrayList<>()).add(reason);
            messages.computeIfAbsent(object.getMetadata().getName(), n -> new ArrayList<>())
                    .add(String.format(message, (Object[]) args));
        }

        @Override
        public void event(KubernetesObject object, Map<String, String> annotations, EventType type, String reason,
                          String message, String... args) {
            event(object, type, reason, message, args);
        }

        @Override
        public void event(V1ObjectReference reference, EventType type, String reason, String message, String... args) {
        }

        @Override
        public void event(V1ObjectReference reference, Map<String, String> annotations, EventType type, String reason,
                          String message, String... args) {
        }
    }
}
