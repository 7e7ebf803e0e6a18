package io.meridian.scheduler.fleet;

import java.util.Map;
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
 * @param resourceProperties              by resource name, where its capacity is read; a resource not
 *                                        named here uses {@link ResourceProperties#defaults}
 */
public record FleetOptions(String locationProperty, String clusterSetProperty, String clusterSetLabel,
                           String capacityProperty, Set<String> managersWithoutJoinedCondition,
                           Map<String, ResourceProperties> resourceProperties) {

    public static final String DEFAULT_LOCATION_PROPERTY = "location";
    public static final String DEFAULT_CLUSTERSET_PROPERTY = "clusterset.k8s.io";
    public static final String DEFAULT_CLUSTERSET_LABEL = "multicluster.x-k8s.io/clusterset";
    public static final String DEFAULT_CAPACITY_PROPERTY = "placements.meridian.io/capacity";

    public FleetOptions {
        managersWithoutJoinedCondition = Set.copyOf(managersWithoutJoinedCondition);
        resourceProperties = resourceProperties == null ? Map.of() : Map.copyOf(resourceProperties);
    }

    public FleetOptions(String locationProperty, String clusterSetProperty, String clusterSetLabel,
                        String capacityProperty, Set<String> managersWithoutJoinedCondition) {
        this(locationProperty, clusterSetProperty, clusterSetLabel, capacityProperty, managersWithoutJoinedCondition,
                Map.of());
    }

    /** Where the capacity for this resource is read: as configured, else the defaults. */
    public ResourceProperties resourcePropertiesFor(String resource) {
        ResourceProperties configured = resourceProperties.get(resource);
        return configured != null ? configured : ResourceProperties.defaults(resource);
    }

    public static FleetOptions defaults() {
        return new FleetOptions(DEFAULT_LOCATION_PROPERTY, DEFAULT_CLUSTERSET_PROPERTY, DEFAULT_CLUSTERSET_LABEL,
                DEFAULT_CAPACITY_PROPERTY, Set.of());
    }
}
