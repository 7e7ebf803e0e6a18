package io.meridian.scheduler.plan;

import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.api.tenancy.ClusterSetBinding;
import java.util.List;
import java.util.Map;

/**
 * Everything read from the {@code -f} inputs.
 *
 * @param namespaceLabels labels of each Namespace found, by name
 * @param sources         where each Placement came from, by key, for error messages
 * @param clusterSetBindings which clustersets are bound to which namespaces
 */
public record Manifests(List<ClusterProfile> clusterProfiles, List<Placement> placements,
                        Map<String, Map<String, String>> namespaceLabels, Map<String, String> sources,
                        List<ClusterSetBinding> clusterSetBindings) {

    public static Manifests empty() {
        return new Manifests(List.of(), List.of(), Map.of(), Map.of(), List.of());
    }
}
