package io.meridian.scheduler.solver;

import org.optaplanner.core.api.score.stream.ConstraintJustification;

/**
 * Why the load balance costs what it does on one cluster: the PickN slots the solver put there,
 * the sum of their placements' balance weights, and the placements fixed on it (PickAll, PickFixed).
 *
 * <p>Each PickN slot pays its placement's weight once for every placement on the cluster and once
 * more for every fixed one, which cannot move out of its way: {@code weights × (2 × fixed + assigned)}.
 * With equal weights of 1 that is {@code load² − fixed²}, the part of the squared load the solver adds.
 */
public record LoadShare(Cluster cluster, int assigned, long weights) implements ConstraintJustification {

    /** What the load balance constraint costs on this cluster. */
    public static long penalty(Cluster cluster, long assigned, long weights) {
        return weights * (2L * cluster.fixedLoad() + assigned);
    }

    /** Placements on the cluster: the ones fixed there and the solver's. */
    public long load() {
        return (long) cluster.fixedLoad() + assigned;
    }

    /** What one more slot of a placement with this weight costs the fleet: its own share and one more for each other. */
    public long costToAdd(int weight) {
        return penalty(cluster, assigned + 1L, weights + weight) - penalty(cluster, assigned, weights);
    }

    /** What removing one slot of a placement with this weight, already counted here, saves the fleet. */
    public long savingToRemove(int weight) {
        return penalty(cluster, assigned, weights) - penalty(cluster, assigned - 1L, weights - weight);
    }

    public static LoadShare empty(Cluster cluster) {
        return new LoadShare(cluster, 0, 0);
    }
}
