package io.meridian.scheduler.solver;

import static org.optaplanner.core.api.score.stream.ConstraintCollectors.count;
import static org.optaplanner.core.api.score.stream.Joiners.equal;

import org.optaplanner.core.api.score.buildin.hardmediumsoftlong.HardMediumSoftLongScore;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;

/**
 * The scheduling rules. Hard: what a decision must never contain. Medium: fill every slot a
 * placement asks for. Soft: the placement's preferences, then stability, then an even load.
 *
 * <p>Soft weights are ordered on purpose: topology spread (a user requirement) beats keeping
 * current clusters, which beats every preference, so a cluster that recovers or a new, slightly
 * better cluster never reshuffles a satisfied placement.
 */
public class FleetConstraintProvider implements ConstraintProvider {

    public static final String UNHEALTHY_CLUSTER = "Unhealthy cluster";
    public static final String NOT_JOINED_CLUSTER = "Not joined cluster";
    public static final String PREDICATE_MISMATCH = "Predicate mismatch";
    public static final String DUPLICATE_CLUSTER = "Duplicate cluster in placement";
    public static final String CAPACITY_EXCEEDED = "Cluster capacity exceeded";
    public static final String UNFILLED_SLOT = "Unfilled slot";
    public static final String LOCATION_PREFERENCE = "Location preference";
    public static final String CLUSTERSET_PREFERENCE = "Clusterset preference";
    public static final String PROPERTY_SORTER = "Property sorter";
    public static final String PREFERRED_TERMS = "Preferred terms";
    public static final String NEGATIVE_PREFERRED_TERMS = "Negative preferred terms";
    public static final String PREFER_NO_SELECT_TAINT = "PreferNoSelect taint";
    public static final String TOPOLOGY_SPREAD = "Topology spread";
    public static final String STABILITY = "Stability";
    public static final String LOAD_BALANCE = "Load balance";

    /** Per cluster beyond what the spread allows in one domain. */
    public static final long TOPOLOGY_SPREAD_WEIGHT = 100_000;
    /** Per current cluster kept; above the sum of all preferences a cluster can earn. */
    public static final long STABILITY_WEIGHT = 10_000;

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                unhealthyCluster(factory),
                notJoinedCluster(factory),
                predicateMismatch(factory),
                duplicateCluster(factory),
                capacityExceeded(factory),
                unfilledSlot(factory),
                locationPreference(factory),
                clusterSetPreference(factory),
                propertySorter(factory),
                preferredTerms(factory),
                negativePreferredTerms(factory),
                preferNoSelectTaint(factory),
                topologySpread(factory),
                stability(factory),
                loadBalance(factory)
        };
    }

    Constraint unhealthyCluster(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> !a.getCluster().isHealthy() && !a.getPlacement().tolerates(a.getCluster()))
                .penalize(HardMediumSoftLongScore.ONE_HARD)
                .asConstraint(UNHEALTHY_CLUSTER);
    }

    Constraint notJoinedCluster(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> !a.getCluster().isJoined() && !a.getPlacement().tolerates(a.getCluster()))
                .penalize(HardMediumSoftLongScore.ONE_HARD)
                .asConstraint(NOT_JOINED_CLUSTER);
    }

    Constraint predicateMismatch(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> !a.getPlacement().matches(a.getCluster()))
                .penalize(HardMediumSoftLongScore.ONE_HARD)
                .asConstraint(PREDICATE_MISMATCH);
    }

    Constraint duplicateCluster(ConstraintFactory factory) {
        return factory.forEachUniquePair(ClusterAssignment.class,
                        equal(ClusterAssignment::getPlacement),
                        equal(ClusterAssignment::getCluster))
                .penalize(HardMediumSoftLongScore.ONE_HARD)
                .asConstraint(DUPLICATE_CLUSTER);
    }

    Constraint capacityExceeded(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .groupBy(ClusterAssignment::getCluster, count())
                .filter((cluster, assigned) -> assigned > cluster.remainingCapacity())
                .penalizeLong(HardMediumSoftLongScore.ONE_HARD,
                        (cluster, assigned) -> assigned - cluster.remainingCapacity())
                .asConstraint(CAPACITY_EXCEEDED);
    }

    Constraint unfilledSlot(ConstraintFactory factory) {
        return factory.forEachIncludingNullVars(ClusterAssignment.class)
                .filter(a -> a.getCluster() == null)
                .penalize(HardMediumSoftLongScore.ONE_MEDIUM)
                .asConstraint(UNFILLED_SLOT);
    }

    Constraint locationPreference(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .rewardLong(HardMediumSoftLongScore.ONE_SOFT, a -> a.getPlacement().locationScore(a.getCluster()))
                .asConstraint(LOCATION_PREFERENCE);
    }

    Constraint clusterSetPreference(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .rewardLong(HardMediumSoftLongScore.ONE_SOFT, a -> a.getPlacement().clusterSetScore(a.getCluster()))
                .asConstraint(CLUSTERSET_PREFERENCE);
    }

    Constraint propertySorter(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .rewardLong(HardMediumSoftLongScore.ONE_SOFT, a -> a.getPlacement().sorterScore(a.getCluster()))
                .asConstraint(PROPERTY_SORTER);
    }

    /** A cluster whose preferred terms add up to more than nothing. */
    Constraint preferredTerms(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().preferredTermScore(a.getCluster()) > 0)
                .rewardLong(HardMediumSoftLongScore.ONE_SOFT, a -> a.getPlacement().preferredTermScore(a.getCluster()))
                .asConstraint(PREFERRED_TERMS);
    }

    /** A cluster whose preferred terms add up to less than nothing: negative weights push it down. */
    Constraint negativePreferredTerms(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().preferredTermScore(a.getCluster()) < 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, a -> -a.getPlacement().preferredTermScore(a.getCluster()))
                .asConstraint(NEGATIVE_PREFERRED_TERMS);
    }

    Constraint preferNoSelectTaint(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().preferNoSelectScore(a.getCluster()) != 0)
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, a -> -a.getPlacement().preferNoSelectScore(a.getCluster()))
                .asConstraint(PREFER_NO_SELECT_TAINT);
    }

    Constraint topologySpread(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().hasTopologySpread())
                .groupBy(ClusterAssignment::getPlacement, a -> a.getPlacement().domainOf(a.getCluster()), count())
                .filter((placement, domain, assigned) -> assigned > placement.allowedPerDomainCount())
                .penalizeLong(HardMediumSoftLongScore.ofSoft(TOPOLOGY_SPREAD_WEIGHT),
                        (placement, domain, assigned) -> assigned - placement.allowedPerDomainCount())
                .asConstraint(TOPOLOGY_SPREAD);
    }

    Constraint stability(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().isCurrent(a.getCluster()))
                .reward(HardMediumSoftLongScore.ofSoft(STABILITY_WEIGHT))
                .asConstraint(STABILITY);
    }

    /**
     * Squares of per-cluster load favour spreading placements evenly; placements fixed on a cluster
     * count as its base load, and only the part the solver adds is scored.
     */
    Constraint loadBalance(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .groupBy(ClusterAssignment::getCluster, count())
                .penalizeLong(HardMediumSoftLongScore.ONE_SOFT, (cluster, assigned) -> {
                    long total = (long) cluster.fixedLoad() + assigned;
                    return total * total - (long) cluster.fixedLoad() * cluster.fixedLoad();
                })
                .asConstraint(LOAD_BALANCE);
    }
}
