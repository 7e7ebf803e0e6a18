package io.meridian.scheduler.solver;

import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.ResourceCapacity;
import io.meridian.scheduler.fleet.ResourceQuantities;
import io.meridian.scheduler.placement.ResourceRequests;
import java.util.HashMap;
import java.util.Map;

/**
 * One cluster's resources in a pass: the capacity it reports per requested resource, in whole
 * units, and what the placements that cannot move (PickAll, PickFixed) already take of it.
 *
 * <p>Accounting: a capacity read from an allocatable property has every placement decided on the
 * cluster subtracted. One read from an available property already has the running workloads
 * deducted, Meridian's own among them, so a placement that was on the cluster before this pass is
 * not subtracted again; only placements new to the cluster are (see {@link #counts}).
 */
public final class ClusterResources {

    private final ClusterFact fact;
    private final ResourceStrategy strategy;
    private final Map<String, Long> fixed = new HashMap<>();
    private final Map<String, Long> capacities = new HashMap<>();
    private int fixedPlacements;

    public ClusterResources(ClusterFact fact, ResourceStrategy strategy) {
        this.fact = fact;
        this.strategy = strategy;
    }

    public ResourceStrategy strategy() {
        return strategy;
    }

    /** Whether a placement's request of this resource is subtracted here: not when available already holds it. */
    public boolean counts(String resource, boolean wasHereBefore) {
        return !(wasHereBefore && capacity(resource).basis() == ResourceCapacity.Basis.AVAILABLE);
    }

    /** A placement fixed on this cluster (PickAll, PickFixed, or PickN not being solved), accounted before the solve. */
    public void addFixed(ResourceRequests requests, boolean wasHereBefore) {
        if (requests.isEmpty()) {
            return;
        }
        fixedPlacements++;
        requests.units().forEach((resource, units) -> {
            if (counts(resource, wasHereBefore)) {
                fixed.merge(resource, units, Long::sum);
            }
        });
    }

    /** Undoes {@link #addFixed}: the placement is to be explained as one of the solver's. */
    public void removeFixed(ResourceRequests requests, boolean wasHereBefore) {
        if (requests.isEmpty()) {
            return;
        }
        fixedPlacements--;
        requests.units().forEach((resource, units) -> {
            if (counts(resource, wasHereBefore)) {
                fixed.merge(resource, -units, Long::sum);
            }
        });
    }

    public ResourceCapacity capacity(String resource) {
        return fact.resourceCapacity(resource);
    }

    public boolean isKnown(String resource) {
        return capacity(resource).isKnown();
    }

    /** The capacity in whole units; 0 when the cluster reports none that can be read. */
    public long capacityUnits(String resource) {
        return capacities.computeIfAbsent(resource, name -> {
            ResourceCapacity capacity = capacity(name);
            return capacity.isKnown() ? ResourceQuantities.capacityUnits(name, capacity.amount()) : 0L;
        });
    }

    public long fixed(String resource) {
        return fixed.getOrDefault(resource, 0L);
    }

    /** PickAll and PickFixed placements with requests on the cluster. */
    public int fixedPlacements() {
        return fixedPlacements;
    }

    /** What is left of a resource once the fixed placements and {@code used} more are subtracted; may be negative. */
    public long left(String resource, long used) {
        return capacityUnits(resource) - fixed(resource) - used;
    }

    /**
     * How far the solver's placements overflow the cluster, beyond what the fixed ones already do:
     * per resource the overflow in thousandths of the capacity (so that any overflow of any
     * resource counts, whatever its unit), plus 1,000 for each placement asking for a resource the
     * cluster reports no capacity for.
     */
    long overflowPenalty(Map<String, Long> used, Map<String, Integer> requesting) {
        long penalty = 0;
        for (Map.Entry<String, Integer> entry : requesting.entrySet()) {
            String resource = entry.getKey();
            if (!isKnown(resource)) {
                penalty += 1_000L * entry.getValue();
                continue;
            }
            long capacity = capacityUnits(resource);
            long before = Math.max(0, fixed(resource) - capacity);
            long after = Math.max(0, fixed(resource) + used.getOrDefault(resource, 0L) - capacity);
            penalty += permille(after, capacity) - permille(before, capacity);
        }
        return penalty;
    }

    private static long permille(long amount, long capacity) {
        return amount == 0 ? 0 : (long) Math.min(1e12, Math.ceil(1_000.0 * amount / Math.max(1, capacity)));
    }

    /** What the resource strategy adds to the score: minus the squared utilisation for Spread, plus for Pack. */
    public long strategyScore(Map<String, Long> used) {
        long squares = utilizationSquared(used);
        return strategy == ResourceStrategy.Pack ? squares : -squares;
    }

    /**
     * The squares of each resource's utilisation in thousandths with the solver's placements here,
     * less what the fixed placements alone give: convex, so Spread (which pays it) prefers the
     * least utilised cluster and Pack (which earns it) the fullest.
     */
    long utilizationSquared(Map<String, Long> used) {
        double total = 0;
        for (Map.Entry<String, Long> entry : used.entrySet()) {
            long capacity = isKnown(entry.getKey()) ? capacityUnits(entry.getKey()) : 0;
            if (capacity <= 0) {
                continue;
            }
            double before = 1_000.0 * fixed(entry.getKey()) / capacity;
            double after = 1_000.0 * (fixed(entry.getKey()) + entry.getValue()) / capacity;
            total += Math.min(after, 1e6) * Math.min(after, 1e6) - Math.min(before, 1e6) * Math.min(before, 1e6);
        }
        return Math.round(total);
    }

    /** {@code 6/8 (75%)} for {@code used} units beyond the fixed ones, or why the capacity is unknown. */
    public String utilization(String resource, long used) {
        ResourceCapacity capacity = capacity(resource);
        if (!capacity.isKnown()) {
            return capacity.basis() == ResourceCapacity.Basis.NONE ? "no capacity reported" : "capacity is not a quantity";
        }
        long total = fixed(resource) + used;
        long units = capacityUnits(resource);
        String percent = units == 0 ? (total == 0 ? "0%" : "over") : Math.round(100.0 * total / units) + "%";
        return ResourceQuantities.format(resource, total) + "/" + ResourceQuantities.format(resource, units)
                + " (" + percent + ")";
    }
}
