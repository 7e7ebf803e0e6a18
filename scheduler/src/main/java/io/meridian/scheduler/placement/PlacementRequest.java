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
 * @param scoring                 topology spread, load balance weight and stability
 * @param unhealthyToleration     null when not tolerated; {@link #TOLERATED_FOREVER} when without a limit
 * @param notJoinedToleration     likewise for clusters that are not joined
 * @param generation              the spec's generation, or null when unknown
 * @param previous                the clusters selected before and the generation they were decided for
 */
public record PlacementRequest(String key, String namespace, PlacementType type, int numberOfClusters,
                               List<ClusterProfileRef> fixedClusters, String clusterManager, Set<String> clusterSets,
                               LabelSelector labelSelector, List<PropertyRequirementMatcher> propertyRequirements,
                               KubernetesVersion minimumVersion, KubernetesVersion maximumVersion,
                               List<String> preferredLocations, List<String> preferredClusterSets,
                               List<PreferenceSorter> sorters, ScoringPolicy scoring,
                               Duration unhealthyToleration, Duration notJoinedToleration,
                               Long generation, PreviousDecision previous) {

    /** A toleration without {@code tolerationSeconds}. */
    public static final Duration TOLERATED_FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    public boolean isFixed() {
        return type == PlacementType.PickFixed;
    }

    /** The clusters selected before, kept where still allowed (stability and limited tolerations). */
    public Set<ClusterProfileRef> currentDecision() {
        return previous.clusters();
    }

    /**
     * Stability holds the current clusters: the placement is Steady and its previous decision was
     * made for this very spec. After a spec change the placement is decided afresh.
     */
    public boolean isSteady() {
        return scoring.stability() == Stability.STEADY && previous.isFor(generation);
    }
}
