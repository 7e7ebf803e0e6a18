package io.meridian.scheduler.plan;

import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import java.util.List;
import java.util.Map;

/**
 * Everything read from the {@code -f} inputs.
 *
 * @param namespaceLabels labels of each Namespace found, by name
 * @param sources         where each Placement came from, by key, for error messages
 */
public record Manifests(List<ClusterProfile> clusterProfiles, List<Placement> placements,
                        Map<String, Map<String, String>> namespaceLabels, Map<String, String> sources) {

    public static Manifests empty() {
        return new Manifests(List.of(), List.of(), Map.of(), Map.of());
    }
}
