package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.PlacementType;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A Placement spec after validation: every field typed, every default applied.
 *
 * @param key                     {@code namespace/name} of the Placement
 * @param fixedClusters           PickFixed targets, resolved against the placement's namespace
 * @param clusterSets             empty means every clusterset
 * @param predicates              terms, ORed; no terms admit every cluster
 * @param keepsSelectedClusters   PickAll with predicatesDuringExecution Ignored: selected clusters
 *                                stay when they stop meeting the predicates, while the spec is unchanged
 * @param preferredTerms          weighted preferences, worked out by {@link PreferenceScores}
 * @param scoring                 topology spread, load balance weight and stability
 * @param tolerations             the placement's tolerations, the short forms and the configured
 *                                default for unhealthy clusters included
 * @param grouping                how the decision is divided into groups
 * @param currentDecision         the clusters selected before: kept while the placement is steady,
 *                                preferred among equally ranked clusters otherwise
 * @param decidedForGeneration    the current decision was made for this spec generation
 * @param resources               what each selected cluster must have room for
 */
public record PlacementRequest(String key, String namespace, PlacementType type, int numberOfClusters,
                               List<ClusterProfileRef> fixedClusters, String clusterManager, Set<String> clusterSets,
                               ClusterPredicates predicates, boolean keepsSelectedClusters,
                               List<String> preferredLocations, List<String> preferredClusterSets,
                               List<PreferenceSorter> sorters, List<PreferredTermRule> preferredTerms,
                               ScoringPolicy scoring, List<TolerationRule> tolerations,
                               DecisionGrouping grouping, Set<ClusterProfileRef> currentDecision,
                               boolean decidedForGeneration, ResourceRequests resources) {

    /** A toleration without {@code tolerationSeconds}. */
    public static final Duration TOLERATED_FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    public boolean isFixed() {
        return type == PlacementType.PickFixed;
    }

    /**
     * Stability holds the current clusters: the placement is Steady and its previous decision was
     * made for this very spec. After a spec change the placement is decided afresh.
     */
    public boolean isSteady() {
        return scoring.stability() == Stability.STEADY && decidedForGeneration;
    }
}
