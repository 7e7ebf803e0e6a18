package io.meridian.scheduler.solver;

import org.optaplanner.core.api.score.stream.ConstraintJustification;

/**
 * Why the load balance costs what it does on one cluster: the PickN slots the solver put there,
 * the sum of their placements' balance weights, and the placements fixed on it.
 */
public record LoadShare(Cluster cluster, int assigned, long weights) implements ConstraintJustification {

    /** Placements on the cluster: the ones fixed there (PickAll, PickFixed) and the solver's. */
    public long load() {
        return (long) cluster.fixedLoad() + assigned;
    }

    /** What one more slot of a placement with this weight costs the fleet: its own share and one more for each other. */
    public long costToAdd(int weight) {
        return weight * (load() + 1) + weights;
    }

    /** What removing one slot of a placement with this weight, already counted here, saves the fleet. */
    public long savingToRemove(int weight) {
        return weight * load() + weights - weight;
    }

    public static LoadShare empty(Cluster cluster) {
        return new LoadShare(cluster, 0, 0);
    }
}
