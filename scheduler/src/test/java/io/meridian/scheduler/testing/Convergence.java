package io.meridian.scheduler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiException;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.decision.DecisionSlicer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the API server holds once the controller has caught up: every Placement answered for its
 * generation, its slices holding exactly the clusters of {@code status.decisions}, and no slice
 * of Meridian's (or without a scheduler name) that belongs to no Placement.
 */
public final class Convergence {

    private Convergence() {
    }

    public static void assertConverged(ClusterObjects cluster) throws ApiException {
        List<Placement> placements = cluster.placements();
        Map<String, List<PlacementDecision>> slices = cluster.allSlices().stream()
                .filter(slice -> slice.schedulerName() == null || DecisionSlicer.SCHEDULER_NAME.equals(slice.schedulerName()))
                .collect(Collectors.groupingBy(Convergence::placementKey));
        for (Placement placement : placements) {
            assertThat(placement.status()).as("status of %s", placement.key()).isNotNull();
            assertThat(placement.status().observedGeneration()).as("observedGeneration of %s", placement.key())
                    .isEqualTo(placement.metadata().getGeneration());
            List<PlacementDecision> own = slices.getOrDefault(placement.key(), List.of());
            assertThat(own).as("slices of %s", placement.key())
                    .extracting(s -> s.metadata().getName()).contains(DecisionSlicer.sliceName(placement, 0));
            assertThat(own).as("owner of the slices of %s", placement.key()).allSatisfy(slice ->
                    assertThat(slice.metadata().getOwnerReferences()).singleElement()
                            .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(placement.metadata().getUid())));
            Set<ClusterProfileRef> published = own.stream().flatMap(s -> s.decisions().stream())
                    .map(ClusterDecision::clusterProfileRef).collect(Collectors.toSet());
            List<Decision> decided = placement.status().decisions() == null ? List.of() : placement.status().decisions();
            assertThat(published).as("clusters in the slices of %s", placement.key())
                    .containsExactlyInAnyOrderElementsOf(decided.stream().map(Decision::clusterProfileRef).toList());
        }
        Set<String> keys = placements.stream().map(Placement::key).collect(Collectors.toSet());
        assertThat(slices.keySet().stream().filter(key -> !keys.contains(key)).toList()).as("orphan slices").isEmpty();
    }

    private static String placementKey(PlacementDecision slice) {
        Map<String, String> labels = slice.metadata().getLabels();
        return slice.metadata().getNamespace() + "/"
                + Objects.requireNonNullElse(labels == null ? null : labels.get(PlacementDecision.PLACEMENT_KEY_LABEL), "");
    }
}
