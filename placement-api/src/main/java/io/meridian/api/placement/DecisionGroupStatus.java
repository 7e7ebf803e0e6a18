package io.meridian.api.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import java.util.List;

/**
 * One decision group of the current decision.
 *
 * @param decisionGroupIndex from 0, in rollout order; also the slices' group-index label
 * @param decisionGroupName  the named group it comes from, empty for the rest
 * @param clusterCount       how many clusters it holds
 * @param clusters           its clusters, sorted; left out when the status would exceed its budget
 */
public record DecisionGroupStatus(Integer decisionGroupIndex, String decisionGroupName, Integer clusterCount,
                                  List<ClusterProfileRef> clusters) {
}
