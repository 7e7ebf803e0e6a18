package io.meridian.scheduler.fleet;

import java.util.Set;

/**
 * How ClusterProfiles are read into facts.
 *
 * @param locationProperty                property holding a cluster's location
 * @param clusterSetProperty              property holding a cluster's clusterset
 * @param clusterSetLabel                 label on the profile or its namespace naming the clusterset
 * @param capacityProperty                property holding how many placements a cluster accepts
 * @param managersWithoutJoinedCondition  cluster managers that never set {@code Joined}; their
 *                                        profiles without that condition count as joined. Any other
 *                                        profile without it counts as not joined.
 */
public record FleetOptions(String locationProperty, String clusterSetProperty, String clusterSetLabel,
                           String capacityProperty, Set<String> managersWithoutJoinedCondition) {

    public static final String DEFAULT_LOCATION_PROPERTY = "location";
    public static final String DEFAULT_CLUSTERSET_PROPERTY = "clusterset.k8s.io";
    public static final String DEFAULT_CLUSTERSET_LABEL = "multicluster.x-k8s.io/clusterset";
    public static final String DEFAULT_CAPACITY_PROPERTY = "placements.meridian.io/capacity";

    public FleetOptions {
        managersWithoutJoinedCondition = Set.copyOf(managersWithoutJoinedCondition);
    }

    public static FleetOptions defaults() {
        return new FleetOptions(DEFAULT_LOCATION_PROPERTY, DEFAULT_CLUSTERSET_PROPERTY, DEFAULT_CLUSTERSET_LABEL,
                DEFAULT_CAPACITY_PROPERTY, Set.of());
    }
}
