package io.meridian.scheduler.workload;

import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.api.tenancy.ClusterSetBinding;
import java.util.List;
import java.util.Map;

/**
 * A generated fleet and its placements, in creation order, with the ClusterSetBindings that let
 * the placements' namespace use every clusterset.
 *
 * @param packing for the tight workload, the hidden assignment that satisfies every placement:
 *                cluster names by placement key; empty for the everyday mix
 */
public record Workload(WorkloadSpec spec, List<ClusterProfile> profiles, List<Placement> placements,
                       List<ClusterSetBinding> bindings, Map<String, List<String>> packing) {

    public Workload {
        profiles = List.copyOf(profiles);
        placements = List.copyOf(placements);
        bindings = List.copyOf(bindings);
        packing = Map.copyOf(packing);
    }
}
