package io.meridian.api.placement;

import io.kubernetes.client.openapi.models.V1Condition;
import java.util.List;

/**
 * The scheduler's answer.
 *
 * @param observedGeneration          the spec generation this status answers
 * @param numberOfSelectedClusters    size of {@code decisions}
 * @param decisions                   the selected clusters, sorted by namespace and name
 * @param conditions                  {@code Scheduled}, {@code Satisfied}, {@code Misconfigured}
 * @param unselectedClusters          why some clusters were not chosen, at most {@link #MAX_UNSELECTED}
 * @param numberOfUnselectedClusters  how many clusters were considered but not chosen in all
 * @param decisionGroups              the decision groups, in rollout order
 */
public record PlacementStatus(Long observedGeneration, Integer numberOfSelectedClusters, List<Decision> decisions,
                              List<V1Condition> conditions, List<UnselectedCluster> unselectedClusters,
                              Integer numberOfUnselectedClusters, List<DecisionGroupStatus> decisionGroups) {

    public static final int MAX_UNSELECTED = 20;

    /** A status without decision groups. */
    public PlacementStatus(Long observedGeneration, Integer numberOfSelectedClusters, List<Decision> decisions,
                           List<V1Condition> conditions, List<UnselectedCluster> unselectedClusters,
                           Integer numberOfUnselectedClusters) {
        this(observedGeneration, numberOfSelectedClusters, decisions, conditions, unselectedClusters,
                numberOfUnselectedClusters, null);
    }
}
