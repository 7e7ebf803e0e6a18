package io.meridian.scheduler.plan;

import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.ResourceCapacity;
import io.meridian.scheduler.fleet.ResourceQuantities;
import java.util.HashMap;
import java.util.Map;

/**
 * What the placements admitted so far use of each cluster: placements against the placement-count
 * capacity, and resource requests against the published capacity (as allocatable: every placement
 * counts). A placement that does not fit is not admitted and uses nothing.
 */
final class ClusterRoom {

    private final Fleet fleet;
    private final int[] admitted;
    private final Map<String, long[]> used = new HashMap<>();

    ClusterRoom(Fleet fleet) {
        this.fleet = fleet;
        this.admitted = new int[fleet.size()];
    }

    /** Admits the placement on the cluster when it fits there, and says whether it did. */
    boolean admit(ClusterFact cluster, Map<String, Long> requests) {
        int index = cluster.index();
        if (cluster.capacity() != null && admitted[index] >= cluster.capacity()) {
            return false;
        }
        for (Map.Entry<String, Long> request : requests.entrySet()) {
            long capacity = capacityUnits(cluster, request.getKey());
            if (capacity < 0 || used(request.getKey())[index] + request.getValue() > capacity) {
                return false;
            }
        }
        admitted[index]++;
        requests.forEach((resource, units) -> used(resource)[index] += units);
        return true;
    }

    /**
     * The fullest of the cluster's capacities, as a share: placements of the count capacity, each
     * resource requested anywhere; NaN when the cluster has none of them.
     */
    double utilisation(ClusterFact cluster) {
        double fullest = Double.NaN;
        if (cluster.capacity() != null && cluster.capacity() > 0) {
            fullest = (double) admitted[cluster.index()] / cluster.capacity();
        }
        for (Map.Entry<String, long[]> resource : used.entrySet()) {
            long capacity = capacityUnits(cluster, resource.getKey());
            if (capacity > 0) {
                double share = (double) resource.getValue()[cluster.index()] / capacity;
                fullest = Double.isNaN(fullest) ? share : Math.max(fullest, share);
            }
        }
        return fullest;
    }

    private long[] used(String resource) {
        return used.computeIfAbsent(resource, name -> new long[fleet.size()]);
    }

    /** The capacity in whole units, or -1 when the cluster publishes none that can be read. */
    private static long capacityUnits(ClusterFact cluster, String resource) {
        ResourceCapacity capacity = cluster.resourceCapacity(resource);
        return capacity.isKnown() ? ResourceQuantities.capacityUnits(resource, capacity.amount()) : -1;
    }
}
