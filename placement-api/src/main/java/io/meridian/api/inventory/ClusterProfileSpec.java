package io.meridian.api.inventory;

public record ClusterProfileSpec(String displayName, ClusterManager clusterManager) {
}
