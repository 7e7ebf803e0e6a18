package io.meridian.api.placement;

import io.meridian.api.inventory.ClusterProfileRef;

/** A cluster that was considered and not chosen, with the reason. */
public record UnselectedCluster(ClusterProfileRef clusterProfileRef, String reason) {
}
