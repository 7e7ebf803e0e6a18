package io.meridian.api.inventory;

/** One chosen cluster inside a PlacementDecision slice (KEP-5313). */
public record ClusterDecision(ClusterProfileRef clusterProfileRef, String reason) {
}
