package io.meridian.scheduler.solver;

import static org.optaplanner.core.api.score.stream.ConstraintCollectors.count;
import static org.optaplanner.core.api.score.stream.ConstraintCollectors.sum;
import static org.optaplanner.core.api.score.stream.Joiners.equal;

import java.util.List;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;
import org.optaplanner.core.api.score.stream.bi.BiConstraintStream;

/**
 * The scheduling rules, each on its own {@link ScoreLevel}, highest first: hard rules, required
 * topology spread, filling every requested slot, stability, the ranking score (preferences,
 * preferred spread and load balance against each other), the resource strategy (Spread or Pack),
 * and keeping current clusters on a tie.
 * The order comes from the levels, not from weights, so no spec can make a lower rule outweigh a
 * higher one.
 */
public class FleetConstraintProvider implements ConstraintProvider {

    public static final String UNHEALTHY_CLUSTER = "Unhealthy cluster";
    public static final String NOT_JOINED_CLUSTER = "Not joined cluster";
    public static final String DELETING_CLUSTER = "Deleting cluster";
    public static final String PREDICATE_MISMATCH = "Predicate mismatch";
    public static final String DUPLICATE_CLUSTER = "Duplicate cluster in placement";
    public static final String CAPACITY_EXCEEDED = "Cluster capacity";
    public static final String RESOURCES_EXCEEDED = "Resource capacity";
    public static final String RESOURCE_SPREAD = "Resource strategy Spread";
    public static final String RESOURCE_PACK = "Resource strategy Pack";
    public static final String REQUIRED_SPREAD = "Topology spread";
    public static final String UNFILLED_SLOT = "Unfilled slot";
    public static final String STABILITY = "Stability";
    public static final String LOCATION_PREFERENCE = "Location preference";
    public static final String CLUSTERSET_PREFERENCE = "Clusterset preference";
    public static final String PROPERTY_SORTER = "Property sorter";
    public static final String PREFERRED_TERMS = "Preferred terms";
    public static final String NEGATIVE_PREFERRED_TERMS = "Negative preferred terms";
    public static final String PREFER_NO_SELECT_TAINT = "PreferNoSelect taint";
    public static final String PREFERRED_SPREAD = "Preferred topology spread";
    public static final String LOAD_BALANCE = "Load balance";
    public static final String CURRENT_ON_TIE = "Current cluster on a tie";

    /** A selected cluster beyond a ScheduleAnyway skew costs a first location and a first clusterset preference. */
    public static final long PREFERRED_SPREAD_PENALTY = 2L * PlacementFact.PREFERENCE_SCALE;

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
                unhealthyCluster(factory),
                notJoinedCluster(factory),
                deletingCluster(factory),
                predicateMismatch(factory),
                duplicateCluster(factory),
                capacityExceeded(factory),
                resourcesExceeded(factory),
                requiredSpread(factory),
                unfilledSlot(factory),
                stability(factory),
                locationPreference(factory),
                clusterSetPreference(factory),
                propertySorter(factory),
                preferredTerms(factory),
                negativePreferredTerms(factory),
                preferNoSelectTaint(factory),
                preferredSpread(factory),
                loadBalance(factory),
                resourceSpread(factory),
                resourcePack(factory),
                currentOnTie(factory)
        };
    }

    Constraint unhealthyCluster(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> !a.getCluster().isHealthy() && !a.getPlacement().tolerates(a.getCluster()))
                .penalize(ScoreLevel.RULES.unit())
                .asConstraint(UNHEALTHY_CLUSTER);
    }

    Constraint notJoinedCluster(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> !a.getCluster().isJoined() && !a.getPlacement().tolerates(a.getCluster()))
                .penalize(ScoreLevel.RULES.unit())
                .asConstraint(NOT_JOINED_CLUSTER);
    }

    /** A profile being deleted is never tolerated: it is leaving the fleet. */
    Constraint deletingCluster(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getCluster().fact().isDeleting())
                .penalize(ScoreLevel.RULES.unit())
                .asConstraint(DELETING_CLUSTER);
    }

    Constraint predicateMismatch(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> !a.getPlacement().matches(a.getCluster()))
                .penalize(ScoreLevel.RULES.unit())
                .asConstraint(PREDICATE_MISMATCH);
    }

    Constraint duplicateCluster(ConstraintFactory factory) {
        return factory.forEachUniquePair(ClusterAssignment.class,
                        equal(ClusterAssignment::getPlacement),
                        equal(ClusterAssignment::getCluster))
                .penalize(ScoreLevel.RULES.unit())
                .asConstraint(DUPLICATE_CLUSTER);
    }

    Constraint capacityExceeded(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .groupBy(ClusterAssignment::getCluster, count())
                .filter((cluster, assigned) -> assigned > cluster.remainingCapacity())
                .penalizeLong(ScoreLevel.RULES.unit(), (cluster, assigned) -> assigned - cluster.remainingCapacity())
                .asConstraint(CAPACITY_EXCEEDED);
    }

    /**
     * Requests within capacity, per cluster and resource, after the fixed placements: any overflow
     * of any resource counts (see {@link ClusterResources#overflowPenalty}).
     */
    Constraint resourcesExceeded(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().hasRequests())
                .groupBy(ClusterAssignment::getCluster, ResourceTally.overflow())
                .filter((cluster, overflow) -> overflow > 0)
                .penalizeLong(ScoreLevel.RULES.unit(), (cluster, overflow) -> overflow)
                .asConstraint(RESOURCES_EXCEEDED);
    }

    /** Spread: least utilised clusters first, each costing its utilisation squared. Below every preference. */
    Constraint resourceSpread(ConstraintFactory factory) {
        return utilizationSquared(factory, ResourceStrategy.Spread)
                .penalizeLong(ScoreLevel.UTILIZATION.unit(), (cluster, squares) -> squares)
                .asConstraint(RESOURCE_SPREAD);
    }

    /** Pack: fullest clusters first, each earning its utilisation squared, to keep others free. */
    Constraint resourcePack(ConstraintFactory factory) {
        return utilizationSquared(factory, ResourceStrategy.Pack)
                .rewardLong(ScoreLevel.UTILIZATION.unit(), (cluster, squares) -> squares)
                .asConstraint(RESOURCE_PACK);
    }

    /** Per cluster with this strategy, the utilisation squared of the requests on it, where there are any. */
    private static BiConstraintStream<Cluster, Long> utilizationSquared(ConstraintFactory factory,
                                                                       ResourceStrategy strategy) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().hasRequests() && a.getCluster().resources().strategy() == strategy)
                .groupBy(ClusterAssignment::getCluster, ResourceTally.utilizationSquared())
                .filter((cluster, squares) -> squares != 0);
    }

    /** Per placement, the selected clusters beyond the skew of its DoNotSchedule constraints. */
    Constraint requiredSpread(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().hasSpread(true))
                .groupBy(ClusterAssignment::getPlacement, SpreadTally.excess(true))
                .filter((placement, excess) -> excess > 0)
                .penalizeLong(ScoreLevel.REQUIRED_SPREAD.unit(), (placement, excess) -> excess)
                .asConstraint(REQUIRED_SPREAD);
    }

    Constraint unfilledSlot(ConstraintFactory factory) {
        return factory.forEachIncludingNullVars(ClusterAssignment.class)
                .filter(a -> a.getCluster() == null)
                .penalize(ScoreLevel.FILL.unit())
                .asConstraint(UNFILLED_SLOT);
    }

    /** Current clusters of a Steady placement decided for its present spec. */
    Constraint stability(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().isSteady() && a.getPlacement().isCurrent(a.getCluster()))
                .reward(ScoreLevel.STABILITY.unit())
                .asConstraint(STABILITY);
    }

    Constraint locationPreference(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .rewardLong(ScoreLevel.RANKING.unit(), a -> a.getPlacement().locationScore(a.getCluster()))
                .asConstraint(LOCATION_PREFERENCE);
    }

    Constraint clusterSetPreference(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .rewardLong(ScoreLevel.RANKING.unit(), a -> a.getPlacement().clusterSetScore(a.getCluster()))
                .asConstraint(CLUSTERSET_PREFERENCE);
    }

    Constraint propertySorter(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .rewardLong(ScoreLevel.RANKING.unit(), a -> a.getPlacement().sorterScore(a.getCluster()))
                .asConstraint(PROPERTY_SORTER);
    }

    /** A cluster whose preferred terms add up to more than nothing. */
    Constraint preferredTerms(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().preferredTermScore(a.getCluster()) > 0)
                .rewardLong(ScoreLevel.RANKING.unit(), a -> a.getPlacement().preferredTermScore(a.getCluster()))
                .asConstraint(PREFERRED_TERMS);
    }

    /** A cluster whose preferred terms add up to less than nothing: negative weights push it down. */
    Constraint negativePreferredTerms(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().preferredTermScore(a.getCluster()) < 0)
                .penalizeLong(ScoreLevel.RANKING.unit(), a -> -a.getPlacement().preferredTermScore(a.getCluster()))
                .asConstraint(NEGATIVE_PREFERRED_TERMS);
    }

    /** An untolerated PreferNoSelect taint: the cluster is chosen only when nothing better is left. */
    Constraint preferNoSelectTaint(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().preferNoSelectScore(a.getCluster()) != 0)
                .penalizeLong(ScoreLevel.RANKING.unit(), a -> -a.getPlacement().preferNoSelectScore(a.getCluster()))
                .asConstraint(PREFER_NO_SELECT_TAINT);
    }

    /** Per placement, {@link #PREFERRED_SPREAD_PENALTY} for each selected cluster beyond a ScheduleAnyway skew. */
    Constraint preferredSpread(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> a.getPlacement().hasSpread(false))
                .groupBy(ClusterAssignment::getPlacement, SpreadTally.excess(false))
                .filter((placement, excess) -> excess > 0)
                .penalizeLong(ScoreLevel.RANKING.unit(), (placement, excess) -> PREFERRED_SPREAD_PENALTY * excess)
                .asConstraint(PREFERRED_SPREAD);
    }

    /**
     * Each PickN slot pays its placement's balance weight for every placement on its cluster, and
     * once more for each fixed one (PickAll, PickFixed), which cannot move: with equal weights the
     * sum of squared loads, which favours spreading placements evenly. See {@link LoadShare}.
     */
    Constraint loadBalance(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .groupBy(ClusterAssignment::getCluster, count(), sum(a -> a.getPlacement().balanceWeight()))
                .penalizeLong(ScoreLevel.RANKING.unit(),
                        (cluster, assigned, weights) -> LoadShare.penalty(cluster, assigned, weights))
                .justifyWith((cluster, assigned, weights, score) -> new LoadShare(cluster, assigned, weights))
                .indictWith((cluster, assigned, weights) -> List.of(cluster))
                .asConstraint(LOAD_BALANCE);
    }

    /** Among equally ranked clusters a placement keeps its current ones, also right after a spec change. */
    Constraint currentOnTie(ConstraintFactory factory) {
        return factory.forEach(ClusterAssignment.class)
                .filter(a -> !a.getPlacement().isSteady() && a.getPlacement().isCurrent(a.getCluster()))
                .reward(ScoreLevel.TIE_BREAK.unit())
                .asConstraint(CURRENT_ON_TIE);
    }
}
