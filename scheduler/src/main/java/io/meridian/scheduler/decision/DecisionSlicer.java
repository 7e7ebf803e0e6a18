package io.meridian.scheduler.decision;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes a decision as standard PlacementDecision slices (KEP-5313): at most 100 clusters
 * each, in sorted order, named {@code <placement>-decision-<index>}, correlated by the
 * placement-key and decision-key labels and owned by the Placement so they go with it. Names and
 * label values too long for Kubernetes are shortened as {@link SliceNames} describes.
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

    /** Slices for a Placement that has none yet; see {@link #slices(Placement, List, List)}. */
    public List<PlacementDecision> slices(Placement placement, List<Decision> decisions) {
        return slices(placement, decisions, List.of());
    }

    /**
     * Slices that change as little as possible from the existing ones: a cluster that stays
     * selected stays in the slice it is in, departed clusters leave their slice and new ones
     * fill the lowest slice with room. No cluster ever moves between slices, so a consumer
     * reading the slices while they are rewritten never misses one that stays selected. There is
     * always a slice 0, so that consumers can tell "no clusters" from "not scheduled yet".
     */
    public List<PlacementDecision> slices(Placement placement, List<Decision> decisions,
                                          List<PlacementDecision> existing) {
        Map<ClusterProfileRef, Integer> sliceOf = new HashMap<>();
        for (PlacementDecision slice : existing) {
            Integer index = index(slice);
            if (index != null && slice.decisions() != null) {
                slice.decisions().forEach(entry -> sliceOf.putIfAbsent(entry.clusterProfileRef(), index));
            }
        }
        TreeMap<Integer, List<Decision>> buckets = new TreeMap<>();
        buckets.put(0, new ArrayList<>());
        List<Decision> arriving = new ArrayList<>();
        for (Decision decision : decisions) {
            Integer index = sliceOf.get(decision.clusterProfileRef());
            if (index == null) {
                arriving.add(decision);
            } else {
                buckets.computeIfAbsent(index, i -> new ArrayList<>()).add(decision);
            }
        }
        int room = 0; // slices only fill up, so the lowest one with room never moves back
        for (Decision decision : arriving) {
            while (buckets.computeIfAbsent(room, i -> new ArrayList<>()).size() >= sliceSize) {
                room++;
            }
            buckets.get(room).add(decision);
        }
        List<PlacementDecision> slices = new ArrayList<>();
        buckets.forEach((index, entries) -> {
            if (index == 0 || !entries.isEmpty()) {
                slices.add(new PlacementDecision(PlacementDecision.API_VERSION, PlacementDecision.KIND,
                        metadata(placement, index), entries.stream()
                        .sorted(Comparator.comparing(Decision::clusterProfileRef))
                        .map(decision -> new ClusterDecision(decision.clusterProfileRef(), decision.reason()))
                        .toList(), SCHEDULER_NAME));
            }
        });
        return slices;
    }

    /** The slice's position from its decision-index label, or null when it has none or a bad one. */
    public static Integer index(PlacementDecision slice) {
        Map<String, String> labels = slice.metadata().getLabels();
        String value = labels == null ? null : labels.get(PlacementDecision.DECISION_INDEX_LABEL);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    public static String sliceName(Placement placement, int index) {
        return SliceNames.sliceName(placement.metadata().getName(), index);
    }

    private static V1ObjectMeta metadata(Placement placement, int index) {
        String name = placement.metadata().getName();
        V1ObjectMeta metadata = new V1ObjectMeta()
                .name(sliceName(placement, index))
                .namespace(placement.metadata().getNamespace())
                .labels(Map.of(
                        PlacementDecision.PLACEMENT_KEY_LABEL, SliceNames.labelValue(name),
                        PlacementDecision.DECISION_KEY_LABEL, SliceNames.labelValue(name),
                        PlacementDecision.DECISION_INDEX_LABEL, Integer.toString(index)))
                .annotations(Map.of(SliceNames.PLACEMENT_NAME_ANNOTATION, name));
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
