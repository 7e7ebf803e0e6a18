package io.meridian.scheduler.solver;

import io.meridian.scheduler.fleet.ClusterFact;

/**
 * A planning value: one cluster of the fleet, with the placements already fixed on it (PickAll and
 * PickFixed selections, which the solver does not move) counted for capacity and load balance.
 */
public final class Cluster {

    private final ClusterFact fact;
    private final int fixedLoad;
    private final ClusterResources resources;

    public Cluster(ClusterFact fact, int fixedLoad) {
        this(fact, fixedLoad, new ClusterResources(fact, ResourceStrategy.Spread));
    }

    /** @param resources the cluster's capacity per requested resource and what fixed placements take of it */
    public Cluster(ClusterFact fact, int fixedLoad, ClusterResources resources) {
        this.fact = fact;
        this.fixedLoad = fixedLoad;
        this.resources = resources;
    }

    public ClusterResources resources() {
        return resources;
    }

    public ClusterFact fact() {
        return fact;
    }

    public int index() {
        return fact.index();
    }

    public int fixedLoad() {
        return fixedLoad;
    }

    /** Placements the solver may still add, or {@link Integer#MAX_VALUE} for no limit. */
    public int remainingCapacity() {
        return fact.capacity() == null ? Integer.MAX_VALUE : Math.max(0, fact.capacity() - fixedLoad);
    }

    public boolean isHealthy() {
        return fact.isHealthy();
    }

    public boolean isJoined() {
        return fact.isJoined();
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Cluster cluster && fact.equals(cluster.fact);
    }

    @Override
    public int hashCode() {
        return fact.hashCode();
    }

    @Override
    public String toString() {
        return fact.toString();
    }
}
