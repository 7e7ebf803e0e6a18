package io.meridian.scheduler.decision;

import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingStatus;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.Wording;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The status of each ClusterSetBinding: whether its clusterset exists (at least one ClusterProfile
 * Meridian reads is in it) and how many clusters it holds. Like a Placement's status, it stays the
 * same while the fleet does, so an unchanged binding is never written again.
 */
public final class BindingStatusBuilder {

    private final boolean open;

    /** @param open tenancy mode open: bindings are not needed, which the status says */
    public BindingStatusBuilder(boolean open) {
        this.open = open;
    }

    /** How many clusters each clusterset of the fleet holds. */
    public static Map<String, Integer> clusterSetSizes(Fleet fleet) {
        Map<String, Integer> sizes = new HashMap<>();
        for (ClusterFact cluster : fleet.clusters()) {
            if (cluster.clusterSet() != null) {
                sizes.merge(cluster.clusterSet(), 1, Integer::sum);
            }
        }
        return sizes;
    }

    /**
     * @param previous the status Meridian wrote before, whose condition keeps its transition time
     *                 while it holds; null for none
     * @param sizes    from {@link #clusterSetSizes}
     * @return null for a binding that names no clusterset (the schema requires one): it is left alone
     */
    public ClusterSetBindingStatus build(ClusterSetBinding binding, ClusterSetBindingStatus previous,
                                         Map<String, Integer> sizes, OffsetDateTime now) {
        String clusterSet = binding.clusterSet();
        if (clusterSet == null || clusterSet.isBlank()) {
            return null;
        }
        clusterSet = clusterSet.trim();
        int clusters = sizes.getOrDefault(clusterSet, 0);
        String namespace = binding.metadata().getNamespace();
        Long generation = binding.metadata().getGeneration();
        List<V1Condition> before = previous == null || previous.conditions() == null ? List.of()
                : previous.conditions();
        String note = open ? " (meridian.tenancy.mode is open: every namespace may use every cluster anyway)" : "";
        V1Condition found = clusters > 0
                ? StatusBuilder.condition(before, ClusterSetBindingStatus.CLUSTERSET_FOUND, "True",
                        ClusterSetBindingStatus.REASON_FOUND, "Clusterset " + Wording.value(clusterSet) + " holds "
                                + clusters + (clusters == 1 ? " cluster" : " clusters")
                                + "; the Placements in namespace " + namespace + " may use them." + note,
                        generation, now)
                : StatusBuilder.condition(before, ClusterSetBindingStatus.CLUSTERSET_FOUND, "False",
                        ClusterSetBindingStatus.REASON_NOT_FOUND, "No ClusterProfile is in clusterset "
                                + Wording.value(clusterSet) + "; the Placements in namespace " + namespace
                                + " get its clusters once there are some." + note,
                        generation, now);
        return new ClusterSetBindingStatus(generation, clusters, List.of(found));
    }
}
