package io.meridian.api.placement;

import io.meridian.api.inventory.ClusterProfileRef;

/**
 * One selected cluster.
 *
 * @param score  the soft score this cluster contributes to the placement; higher is better
 * @param reason the constraints that chose it, in words
 */
public record Decision(ClusterProfileRef clusterProfileRef, Long score, String reason) {
}
