package io.meridian.scheduler.fleet;

import java.util.List;

/**
 * The ClusterProfile properties a cluster's capacity for one resource is read from, each list in
 * order of preference. Allocatable comes first: it is what the cluster offers to workloads, and
 * Meridian subtracts its own placements from it. Available (allocatable minus what already runs)
 * is used only when no allocatable property can be read; see {@link ResourceCapacity.Basis}.
 *
 * @param allocatable property names holding the allocatable amount
 * @param available   property names holding the amount left after the running workloads
 */
public record ResourceProperties(List<String> allocatable, List<String> available) {

    /** KubeFleet's prefix for the resource properties its property provider publishes. */
    public static final String KUBEFLEET_PREFIX = "resources.kubernetes-fleet.io/";

    public ResourceProperties {
        allocatable = allocatable == null ? List.of() : List.copyOf(allocatable);
        available = available == null ? List.of() : List.copyOf(available);
    }

    /**
     * The defaults for a resource: for cpu and memory KubeFleet's
     * {@code resources.kubernetes-fleet.io/allocatable-cpu} (and {@code available-cpu}, and the same
     * for memory), then for every resource {@code <resource>.allocatable} and {@code <resource>.available},
     * the names under which an OCM ClusterClaim (which OCM copies into the profile's properties) or
     * any other manager can publish them.
     */
    public static ResourceProperties defaults(String resource) {
        if (resource.equals("cpu") || resource.equals("memory")) {
            return new ResourceProperties(
                    List.of(KUBEFLEET_PREFIX + "allocatable-" + resource, resource + ".allocatable"),
                    List.of(KUBEFLEET_PREFIX + "available-" + resource, resource + ".available"));
        }
        return new ResourceProperties(List.of(resource + ".allocatable"), List.of(resource + ".available"));
    }
}
