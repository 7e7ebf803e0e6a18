package io.meridian.scheduler.solver;

import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.placement.ResourceRequests;

/**
 * A planning value: one cluster of the fleet, with the placements already fixed on it counted for
 * capacity, resources and load balance: PickAll and PickFixed selections, and PickN placements that
 * are not being solved in this pass. Only the totals (how many, their balance weights together,
 * their requests together) matter, so a placement weighs the same whether it is fixed here or one
 * of the solver's.
 *
 * <p>The fixed placements may be changed between solving and explaining (the solver never sees
 * that): placements kept out of the solve are then brought in to be explained.
 */
public final class Cluster {

    private final ClusterFact fact;
    private int fixedLoad;
    private long fixedWeight;
    private final ClusterResources resources;

    /** With fixed placements of balance weight 1 each and no resource requests. */
    public Cluster(ClusterFact fact, int fixedLoad) {
        this(fact, fixedLoad, fixedLoad, new ClusterResources(fact, ResourceStrategy.Spread));
    }

    /** With fixed placements of balance weight 1 each. */
    public Cluster(ClusterFact fact, int fixedLoad, ClusterResources resources) {
        this(fact, fixedLoad, fixedLoad, resources);
    }

    /**
     * @param fixedWeight the balance weights of the fixed placements, together
     * @param resources   the cluster's capacity per requested resource and what fixed placements take of it
     */
    public Cluster(ClusterFact fact, int fixedLoad, long fixedWeight, ClusterResources resources) {
        this.fact = fact;
        this.fixedLoad = fixedLoad;
        this.fixedWeight = fixedWeight;
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

    /** The balance weights of the fixed placements, together. */
    public long fixedWeight() {
        return fixedWeight;
    }

    /** One more fixed placement, already on this cluster before; never while solving. */
    public void fix(int balanceWeight, ResourceRequests requests) {
        fixedLoad++;
        fixedWeight += balanceWeight;
        resources.addFixed(requests, true);
    }

    /** One fixed placement fewer, to be explained as one of the solver's; never while solving. */
    public void unfix(int balanceWeight, ResourceRequests requests) {
        fixedLoad--;
        fixedWeight -= balanceWeight;
        resources.removeFixed(requests, true);
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
