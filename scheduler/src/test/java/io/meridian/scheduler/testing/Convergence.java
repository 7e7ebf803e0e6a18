package io.meridian.scheduler.testing;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.decision.SliceNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether the controller has caught up with what the API server holds, read from the API server
 * itself: every Placement answers its current generation, Meridian's PlacementDecision slices of a
 * Placement list exactly the clusters of its {@code status.decisions}, and no slice outlives its
 * Placement. After any fault the state must come back to this.
 */
public final class Convergence {

    private static final Duration POLL = Duration.ofMillis(250);

    private final CustomObjectsApi custom;

    /** @param client a client with a read timeout, so that a poll during an outage gives up instead of hanging */
    public Convergence(ApiClient client) {
        this.custom = new CustomObjectsApi(client);
    }

    /** Everything in the API server that the convergence rules look at, read at one moment. */
    public record Snapshot(List<Placement> placements, List<PlacementDecision> slices) {

        public Placement placement(String namespace, String name) {
            return placements.stream()
                    .filter(p -> namespace.equals(p.metadata().getNamespace()) && name.equals(p.metadata().getName()))
                    .findFirst().orElse(null);
        }

        /** The clusters in a Placement's status, as {@code namespace/name}. */
        public static List<String> selected(Placement placement) {
            return placement.status() == null || placement.status().decisions() == null ? List.of()
                    : placement.status().decisions().stream().map(Decision::clusterProfileRef)
                    .map(ClusterProfileRef::toString).sorted().toList();
        }
    }

    public Snapshot snapshot() throws ApiException {
        List<Placement> placements = list(Placement.GROUP, Placement.VERSION, Placement.PLURAL).stream()
                .map(item -> ApiJson.gson().fromJson(item, Placement.class)).toList();
        List<PlacementDecision> slices = list(PlacementDecision.GROUP, PlacementDecision.VERSION, PlacementDecision.PLURAL)
                .stream().map(item -> ApiJson.gson().fromJson(item, PlacementDecision.class)).toList();
        return new Snapshot(placements, slices);
    }

    /**
     * Whether every Placement answers its current generation: a necessary condition of
     * {@link #problems} being empty, checked without building a word of them, so that a poll over
     * 10,000 Placements costs next to nothing while most are still unanswered.
     */
    public static boolean everyGenerationAnswered(Snapshot snapshot) {
        return snapshot.placements().stream().allMatch(placement -> placement.status() != null
                && Objects.equals(placement.metadata().getGeneration(), placement.status().observedGeneration()));
    }

    /** What is not converged yet, in words; empty when converged. */
    public static List<String> problems(Snapshot snapshot) {
        List<String> problems = new ArrayList<>();
        Map<String, Placement> byKey = snapshot.placements().stream()
                .collect(Collectors.toMap(Placement::key, p -> p));
        Map<String, List<PlacementDecision>> slicesByKey = snapshot.slices().stream()
                // Slices with no scheduler name under a Placement's key are Meridian's to own, too.
                .filter(slice -> slice.schedulerName() == null || DecisionSlicer.SCHEDULER_NAME.equals(slice.schedulerName()))
                .collect(Collectors.groupingBy(Convergence::placementKey));
        for (Placement placement : byKey.values()) {
            Long generation = placement.metadata().getGeneration();
            Long observed = placement.status() == null ? null : placement.status().observedGeneration();
            if (!Objects.equals(generation, observed)) {
                problems.add(placement.key() + ": observedGeneration " + observed + ", generation " + generation);
            }
            List<String> inSlices = slicesByKey.getOrDefault(placement.key(), List.of()).stream()
                    .flatMap(slice -> slice.decisions() == null ? Stream.empty() : slice.decisions().stream())
                    .map(ClusterDecision::clusterProfileRef).map(ClusterProfileRef::toString).sorted().toList();
            List<String> inStatus = Snapshot.selected(placement);
            if (!inSlices.equals(inStatus)) {
                problems.add(placement.key() + ": slices list " + inSlices + ", status.decisions " + inStatus);
            }
        }
        for (Map.Entry<String, List<PlacementDecision>> entry : slicesByKey.entrySet()) {
            Placement owner = byKey.get(entry.getKey());
            for (PlacementDecision slice : entry.getValue()) {
                String uid = owner == null ? null : owner.metadata().getUid();
                List<V1OwnerReference> owners = slice.metadata().getOwnerReferences();
                boolean owned = uid != null && owners != null && owners.stream().anyMatch(o -> uid.equals(o.getUid()));
                if (!owned) {
                    problems.add("orphan slice " + slice.metadata().getNamespace() + "/" + slice.metadata().getName()
                            + " of " + entry.getKey());
                }
            }
        }
        problems.sort(Comparator.naturalOrder());
        return problems;
    }

    /**
     * Waits until the API server holds a converged state that also meets the expectations, then
     * prints {@code CONVERGED scenario=NAME seconds=S} with the time since {@code since}.
     *
     * @return the time from {@code since} to the first converged snapshot
     */
    @SafeVarargs
    public final Duration awaitConverged(String scenario, Instant since, Duration timeout, Consumer<Snapshot>... expectations) {
        await().alias(scenario + " converges").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                .ignoreExceptionsInstanceOf(ApiException.class)
                .untilAsserted(() -> {
                    Snapshot snapshot = snapshot();
                    List<String> problems = problems(snapshot);
                    if (!problems.isEmpty()) {
                        throw new AssertionError(problems.size() + " not converged: "
                                + problems.subList(0, Math.min(10, problems.size())));
                    }
                    for (Consumer<Snapshot> expectation : expectations) {
                        expectation.accept(snapshot);
                    }
                });
        Duration took = Duration.between(since, Instant.now());
        System.out.printf(Locale.ROOT, "CONVERGED scenario=%s seconds=%.1f%n", scenario, took.toMillis() / 1000.0);
        return took;
    }

    private List<JsonObject> list(String group, String version, String plural) throws ApiException {
        Object raw = custom.listClusterCustomObject(group, version, plural).execute();
        return ApiJson.gson().toJsonTree(raw).getAsJsonObject().getAsJsonArray("items").asList().stream()
                .map(item -> item.getAsJsonObject()).toList();
    }

    /** The full Placement name: the annotation, since the label is shortened for names over 63 characters. */
    private static String placementKey(PlacementDecision slice) {
        Map<String, String> annotations = slice.metadata().getAnnotations();
        Map<String, String> labels = slice.metadata().getLabels();
        String name = annotations != null && annotations.containsKey(SliceNames.PLACEMENT_NAME_ANNOTATION)
                ? annotations.get(SliceNames.PLACEMENT_NAME_ANNOTATION)
                : labels == null ? null : labels.get(PlacementDecision.PLACEMENT_KEY_LABEL);
        return slice.metadata().getNamespace() + "/" + (name == null ? "" : name);
    }
}
