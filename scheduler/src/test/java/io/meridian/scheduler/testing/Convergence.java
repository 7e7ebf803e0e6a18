package io.meridian.scheduler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.decision.SliceNames;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the controller must leave in a namespace once it has caught up, whatever happened before:
 * every Placement answered for its current generation, its slices publishing exactly its
 * status.decisions and owned by it, and no slice of Meridian's without its Placement.
 */
public final class Convergence {

    private Convergence() {
    }

    public static void assertConverged(ClusterObjects cluster, String namespace) throws ApiException {
        List<Placement> placements = cluster.placements(namespace);
        Map<String, List<PlacementDecision>> slicesByPlacement = cluster.allSlices(namespace).stream()
                .filter(slice -> DecisionSlicer.SCHEDULER_NAME.equals(slice.schedulerName()))
                .collect(Collectors.groupingBy(Convergence::placementName));
        Map<String, Placement> byName = placements.stream()
                .collect(Collectors.toMap(p -> p.metadata().getName(), Function.identity()));

        assertThat(slicesByPlacement.keySet()).as("slices without their Placement").isSubsetOf(byName.keySet());
        for (Placement placement : placements) {
            String name = placement.metadata().getName();
            assertThat(placement.status()).as(name + " status").isNotNull();
            assertThat(placement.status().observedGeneration()).as(name + " observedGeneration")
                    .isEqualTo(placement.metadata().getGeneration());
            List<PlacementDecision> slices = slicesByPlacement.getOrDefault(name, List.of());
            Set<ClusterProfileRef> decided = placement.status().decisions() == null ? Set.of()
                    : placement.status().decisions().stream().map(Decision::clusterProfileRef).collect(Collectors.toSet());
            Set<ClusterProfileRef> published = slices.stream().flatMap(slice -> slice.decisions().stream())
                    .map(ClusterDecision::clusterProfileRef).collect(Collectors.toSet());
            assertThat(slices).as(name + " slices").isNotEmpty();
            assertThat(published).as(name + " slices against status.decisions").isEqualTo(decided);
            assertThat(slices).as(name + " slice owners").allSatisfy(slice ->
                    assertThat(slice.metadata().getOwnerReferences()).extracting(V1OwnerReference::getUid)
                            .containsExactly(placement.metadata().getUid()));
        }
    }

    private static String placementName(PlacementDecision slice) {
        Map<String, String> annotations = slice.metadata().getAnnotations();
        return annotations == null ? String.valueOf(slice.metadata().getLabels().get(PlacementDecision.PLACEMENT_KEY_LABEL))
                : annotations.get(SliceNames.PLACEMENT_NAME_ANNOTATION);
    }
}
