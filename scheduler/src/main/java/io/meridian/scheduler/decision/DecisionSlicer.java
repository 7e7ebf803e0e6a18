package io.meridian.scheduler.decision;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.placement.DecisionGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Publishes a decision as standard PlacementDecision slices (KEP-5313): at most 100 clusters
 * each, in sorted order, named {@code <placement>-decision-<index>}, correlated by the
 * placement-key and decision-key labels and owned by the Placement so they go with it. Each
 * decision group has its own slices, labelled with the group's index and name. Names and label
 * values too long for Kubernetes are shortened as {@link SliceNames} describes.
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

    /** Slices of one group for a Placement that has none yet; see {@link #sliceGroups}. */
    public List<PlacementDecision> slices(Placement placement, List<Decision> decisions) {
        return sliceGroups(placement, DecisionGroup.single(decisions), List.of());
    }

    /** Slices of one group that change as little as possible from the existing ones; see {@link #sliceGroups}. */
    public List<PlacementDecision> slices(Placement placement, List<Decision> decisions,
                                          List<PlacementDecision> existing) {
        return sliceGroups(placement, DecisionGroup.single(decisions), existing);
    }

    /**
     * Slices for each decision group, labelled with the group's index and name, that change as
     * little as possible from the existing ones: a cluster that stays in its group stays in the
     * slice it is in, departed clusters leave their slice and new ones fill the group's lowest
     * slice with room, or the lowest free slice index. No cluster moves between slices unless it
     * changes group, so a consumer reading the slices while they are rewritten never misses one
     * that stays. Every group has a slice, and there is always a slice 0, so that consumers can
     * tell "no clusters" from "not scheduled yet". Slices from before decision groups count as
     * group 0 without a name.
     */
    public List<PlacementDecision> sliceGroups(Placement placement, List<DecisionGroup> groups,
                                               List<PlacementDecision> existing) {
        Map<ClusterProfileRef, Integer> sliceOf = new HashMap<>();
        Map<Integer, String> ownerOf = new HashMap<>();
        for (PlacementDecision slice : existing) {
            Integer index = index(slice);
            if (index != null && slice.decisions() != null) {
                ownerOf.putIfAbsent(index, owner(slice));
                slice.decisions().forEach(entry -> sliceOf.putIfAbsent(entry.clusterProfileRef(), index));
            }
        }
        TreeMap<Integer, Bucket> buckets = new TreeMap<>();
        Map<DecisionGroup, List<Decision>> arriving = new LinkedHashMap<>();
        for (DecisionGroup group : groups) {
            List<Decision> newcomers = new ArrayList<>();
            for (Decision decision : group.decisions()) {
                Integer index = sliceOf.get(decision.clusterProfileRef());
                if (index != null && ownerOf.get(index).equals(owner(group))) {
                    buckets.computeIfAbsent(index, i -> new Bucket(group)).decisions.add(decision);
                } else {
                    newcomers.add(decision);
                }
            }
            arriving.put(group, newcomers);
        }
        arriving.forEach((group, newcomers) -> {
            int room = 0; // slices only fill up, so the lowest one with room never moves back
            for (Decision decision : newcomers) {
                while (buckets.containsKey(room) && (buckets.get(room).group != group
                        || buckets.get(room).decisions.size() >= sliceSize)) {
                    room++;
                }
                buckets.computeIfAbsent(room, i -> new Bucket(group)).decisions.add(decision);
            }
        });
        for (DecisionGroup group : groups) {
            if (buckets.values().stream().noneMatch(bucket -> bucket.group == group)) {
                buckets.put(lowestFree(buckets), new Bucket(group));
            }
        }
        if (!buckets.containsKey(0)) {
            buckets.put(0, new Bucket(groups.get(0)));
        }
        List<PlacementDecision> slices = new ArrayList<>();
        buckets.forEach((index, bucket) -> slices.add(new PlacementDecision(PlacementDecision.API_VERSION,
                PlacementDecision.KIND, metadata(placement, index, bucket.group), bucket.decisions.stream()
                .sorted(Comparator.comparing(Decision::clusterProfileRef))
                .map(decision -> new ClusterDecision(decision.clusterProfileRef(), decision.reason()))
                .toList(), SCHEDULER_NAME)));
        return slices;
    }

    /** The clusters of one slice, all of one group. */
    private static final class Bucket {
        private final DecisionGroup group;
        private final List<Decision> decisions = new ArrayList<>();

        Bucket(DecisionGroup group) {
            this.group = group;
        }
    }

    private static int lowestFree(Map<Integer, Bucket> buckets) {
        int index = 0;
        while (buckets.containsKey(index)) {
            index++;
        }
        return index;
    }

    /** Which group a slice was written for, from its labels; none means group 0 without a name. */
    private static String owner(PlacementDecision slice) {
        Map<String, String> labels = slice.metadata().getLabels() == null ? Map.of() : slice.metadata().getLabels();
        return labels.getOrDefault(SliceNames.GROUP_INDEX_LABEL, "0") + "/"
                + labels.getOrDefault(SliceNames.GROUP_NAME_LABEL, "");
    }

    private static String owner(DecisionGroup group) {
        return group.index() + "/" + group.name();
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

    private static V1ObjectMeta metadata(Placement placement, int index, DecisionGroup group) {
        String name = placement.metadata().getName();
        V1ObjectMeta metadata = new V1ObjectMeta()
                .name(sliceName(placement, index))
                .namespace(placement.metadata().getNamespace())
                .labels(Map.of(
                        PlacementDecision.PLACEMENT_KEY_LABEL, SliceNames.labelValue(name),
                        PlacementDecision.DECISION_KEY_LABEL, SliceNames.labelValue(name),
                        PlacementDecision.DECISION_INDEX_LABEL, Integer.toString(index),
                        SliceNames.GROUP_INDEX_LABEL, Integer.toString(group.index()),
                        SliceNames.GROUP_NAME_LABEL, group.name()))
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
