package io.meridian.scheduler.solver;

import org.optaplanner.core.api.score.stream.ConstraintJustification;

/**
 * Why the load balance costs what it does on one cluster: the PickN slots the solver put there,
 * the sum of their placements' balance weights, and the placements fixed on it (PickAll, PickFixed).
 *
 * <p>Two placements on one cluster cost their two balance weights together; each slot also pays its
 * own weight once. Over the solver's slots ({@code assigned}, weights {@code weights}) and the fixed
 * placements ({@code fixed}, weights {@code fixedWeights}) that is
 * {@code weights × (assigned + fixed) + assigned × fixedWeights}; pairs of fixed placements cost
 * the same whatever the solver does and are left out. With weights of 1 it is {@code load² − fixed²}.
 * What one more slot costs, or one fewer saves, depends only on the cluster's total load and total
 * weight, so it is the same whichever placements are fixed and which are solved.
 */
public record LoadShare(Cluster cluster, int assigned, long weights) implements ConstraintJustification {

    /** What the load balance constraint costs on this cluster. */
    public static long penalty(Cluster cluster, long assigned, long weights) {
        return weights * (assigned + cluster.fixedLoad()) + assigned * cluster.fixedWeight();
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
