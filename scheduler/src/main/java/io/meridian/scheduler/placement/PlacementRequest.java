package io.meridian.scheduler.placement;

import io.kubernetes.client.util.labels.LabelSelector;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.fleet.KubernetesVersion;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A Placement spec after validation: every field typed, every default applied.
 *
 * @param key                     {@code namespace/name} of the Placement
 * @param fixedClusters           PickFixed targets, resolved against the placement's namespace
 * @param clusterSets             empty means every clusterset
 * @param labelSelector           null when there is none
 * @param topologyKey             null when the selection need not be spread
 * @param unhealthyToleration     null when not tolerated; {@link #TOLERATED_FOREVER} when without a limit
 * @param notJoinedToleration     likewise for clusters that are not joined
 * @param currentDecision         the clusters selected before, kept where still allowed (stability)
 */
public record PlacementRequest(String key, String namespace, PlacementType type, int numberOfClusters,
                               List<ClusterProfileRef> fixedClusters, String clusterManager, Set<String> clusterSets,
                               LabelSelector labelSelector, List<PropertyRequirementMatcher> propertyRequirements,
                               KubernetesVersion minimumVersion, KubernetesVersion maximumVersion,
                               List<String> preferredLocations, List<String> preferredClusterSets,
                               List<PreferenceSorter> sorters, String topologyKey, int maxSkew,
                               Duration unhealthyToleration, Duration notJoinedToleration,
                               Set<ClusterProfileRef> currentDecision) {

    /** A toleration without {@code tolerationSeconds}. */
    public static final Duration TOLERATED_FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    public boolean isFixed() {
        return type == PlacementType.PickFixed;
    }
}
