package io.meridian.api.placement;

import io.meridian.api.inventory.ClusterProfileRef;

/**
 * One selected cluster.
 *
 * @param score  the cluster's ranking score for the placement (preferences minus its load balance and
 *               preferred spread cost); higher is better, 0 for PickAll and PickFixed
 * @param reason the rule that decided it and the parts of its score, in words
 */
public record Decision(ClusterProfileRef clusterProfileRef, Long score, String reason) {
}
