package io.meridian.scheduler.decision;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Publishes a decision as standard PlacementDecision slices (KEP-5313): at most 100 clusters
 * each, in sorted order, named {@code <placement>-decision-<index>}, correlated by the
 * placement-key and decision-key labels and owned by the Placement so they go with it.
 */
public final class DecisionSlicer {

    public static final String SCHEDULER_NAME = "meridian";

    private final int sliceSize;

    public DecisionSlicer() {
        this(PlacementDecision.MAX_DECISIONS);
    }

    DecisionSlicer(int sliceSize) {
        this.sliceSize = sliceSize;
    }

    /** Always at least one slice, so that consumers can tell "no clusters" from "not scheduled yet". */
    public List<PlacementDecision> slices(Placement placement, List<Decision> decisions) {
        List<PlacementDecision> slices = new ArrayList<>();
        int count = Math.max(1, (decisions.size() + sliceSize - 1) / sliceSize);
        for (int index = 0; index < count; index++) {
            List<ClusterDecision> entries = decisions
                    .subList(Math.min(decisions.size(), index * sliceSize), Math.min(decisions.size(), (index + 1) * sliceSize))
                    .stream()
                    .map(decision -> new ClusterDecision(decision.clusterProfileRef(), decision.reason()))
                    .toList();
            slices.add(new PlacementDecision(PlacementDecision.API_VERSION, PlacementDecision.KIND,
                    metadata(placement, index), entries, SCHEDULER_NAME));
        }
        return slices;
    }

    public static String sliceName(Placement placement, int index) {
        return placement.metadata().getName() + "-decision-" + index;
    }

    private static V1ObjectMeta metadata(Placement placement, int index) {
        V1ObjectMeta metadata = new V1ObjectMeta()
                .name(sliceName(placement, index))
                .namespace(placement.metadata().getNamespace())
                .labels(Map.of(
                        PlacementDecision.PLACEMENT_KEY_LABEL, placement.metadata().getName(),
                        PlacementDecision.DECISION_KEY_LABEL, placement.metadata().getName(),
                        PlacementDecision.DECISION_INDEX_LABEL, Integer.toString(index)));
        if (placement.metadata().getUid() != null) {
            metadata.addOwnerReferencesItem(new V1OwnerReference()
                    .apiVersion(Placement.API_VERSION)
                    .kind(Placement.KIND)
                    .name(placement.metadata().getName())
                    .uid(placement.metadata().getUid())
                    .controller(true)
                    .blockOwnerDeletion(true));
        }
        return metadata;
    }
}
