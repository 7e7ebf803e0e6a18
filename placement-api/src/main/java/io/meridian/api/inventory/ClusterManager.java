package io.meridian.api.inventory;

/** The cluster manager that owns a ClusterProfile (for example {@code open-cluster-management}). */
public record ClusterManager(String name) {
}
