package io.meridian.scheduler.plan;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.placement.ValidationResult;
import io.meridian.scheduler.solver.Cluster;
import io.meridian.scheduler.solver.PlacementFact;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How good a set of decisions is, whoever made it, judged by Meridian's own rules: PickN placements
 * that got every cluster they asked for, DoNotSchedule spread kept (the solver's skew), the
 * preference points of the selected clusters (the solver's ranking), and the load each available
 * cluster carries (every placement on it) against its capacity.
 *
 * <p>A cluster holding more placements than its capacity admits them in decision order; a PickN
 * placement with a slot beyond the capacity is not satisfied, since its workload does not fit there.
 *
 * @param overCapacity   placements (slots) beyond a cluster's capacity
 * @param preferenceTotal preference points of every PickN placement's selected clusters
 * @param pickNSquared   the sum over available clusters of the square of their PickN placements
 * @param pickNFixedPairs the sum over available clusters of their PickN placements times their PickAll
 *                       and PickFixed placements; with {@code pickNSquared} what the solver's load balance costs
 * @param maxUtilisation load over capacity of the fullest cluster with a capacity, or NaN without capacities
 */
public record PlanSummary(int pickN, int satisfied, int spreadPlacements, int spreadKept, int overCapacity,
                          long preferenceTotal, int maxLoad, double meanLoad, double loadStdDev, long pickNSquared, long pickNFixedPairs,
                          double maxUtilisation, double meanUtilisation) {

    /**
     * @param decisions selected clusters by placement key, in the order the placements were decided
     */
    public static PlanSummary of(Fleet fleet, Collection<Placement> placements,
                                 Map<String, List<ClusterProfileRef>> decisions, Instant now) {
        PlacementValidator validator = new PlacementValidator(null);
        ClusterFilter filter = new ClusterFilter(0);
        int[] load = new int[fleet.size()];
        int[] fixedLoad = new int[fleet.size()];
        boolean[] overflowed = new boolean[placements.size()];
        Map<String, Placement> byKey = new java.util.HashMap<>();
        placements.forEach(p -> byKey.put(p.key(), p));
        List<String> order = new ArrayList<>(decisions.keySet());
        byKey.keySet().stream().filter(key -> !decisions.containsKey(key)).sorted().forEach(order::add);
        Map<String, Integer> position = new java.util.HashMap<>();
        int overCapacity = 0;
        for (String key : order) {
            Placement placement = byKey.get(key);
            if (placement == null) {
                continue;
            }
            position.put(key, position.size());
            boolean pickN = isPickN(placement);
            for (ClusterProfileRef ref : decisions.getOrDefault(key, List.of())) {
                ClusterFact cluster = fleet.find(ref).orElse(null);
                if (cluster == null) {
                    continue;
                }
                load[cluster.index()]++;
                if (!pickN) {
                    fixedLoad[cluster.index()]++;
                }
                if (cluster.capacity() != null && load[cluster.index()] > cluster.capacity()) {
                    overCapacity++;
                    overflowed[position.get(key)] = true;
                }
            }
        }
        List<Cluster> clusters = new ArrayList<>(fleet.size());
        fleet.clusters().forEach(fact -> clusters.add(new Cluster(fact, 0)));
        int pickN = 0;
        int satisfied = 0;
        int spreadPlacements = 0;
        int spreadKept = 0;
        long preferenceTotal = 0;
        for (String key : order) {
            Placement placement = byKey.get(key);
            if (placement == null || !isPickN(placement)) {
                continue;
            }
            ValidationResult validation = validator.validate(placement);
            if (!validation.isValid()) {
                continue;
            }
            pickN++;
            PlacementRequest request = validation.request();
            Eligibility eligibility = filter.filter(request, fleet, now);
            PlacementFact fact = new PlacementFact(request, eligibility,
                    eligibility.eligible().stream().map(c -> clusters.get(c.index())).toList(), Set.of());
            List<Cluster> selected = decisions.getOrDefault(key, List.of()).stream()
                    .map(ref -> fleet.find(ref).map(c -> clusters.get(c.index())).orElse(null))
                    .filter(java.util.Objects::nonNull).toList();
            if (selected.size() == request.numberOfClusters() && !overflowed[position.get(key)]) {
                satisfied++;
            }
            if (fact.hasSpread(true)) {
                spreadPlacements++;
                if (fact.requiredSpreadExcess(selected) == 0) {
                    spreadKept++;
                }
            }
            preferenceTotal += selected.stream().mapToLong(fact::preferenceScore).sum();
        }
        return loads(fleet, load, fixedLoad, pickN, satisfied, spreadPlacements, spreadKept, overCapacity, preferenceTotal);
    }

    private static PlanSummary loads(Fleet fleet, int[] load, int[] fixedLoad, int pickN, int satisfied,
                                     int spreadPlacements, int spreadKept, int overCapacity, long preferenceTotal) {
        int available = 0;
        long sum = 0;
        long squares = 0;
        long pickNSquared = 0;
        long pickNFixedPairs = 0;
        int max = 0;
        double maxUtilisation = Double.NaN;
        double utilisationSum = 0;
        int withCapacity = 0;
        for (ClusterFact cluster : fleet.clusters()) {
            if (!cluster.isHealthy() || !cluster.isJoined()) {
                continue;
            }
            int held = load[cluster.index()];
            available++;
            sum += held;
            squares += (long) held * held;
            long solved = held - fixedLoad[cluster.index()];
            pickNSquared += solved * solved;
            pickNFixedPairs += solved * fixedLoad[cluster.index()];
            max = Math.max(max, held);
            if (cluster.capacity() != null && cluster.capacity() > 0) {
                double utilisation = (double) held / cluster.capacity();
                maxUtilisation = Double.isNaN(maxUtilisation) ? utilisation : Math.max(maxUtilisation, utilisation);
                utilisationSum += utilisation;
                withCapacity++;
            }
        }
        double mean = available == 0 ? 0 : (double) sum / available;
        double variance = available == 0 ? 0 : Math.max(0, (double) squares / available - mean * mean);
        return new PlanSummary(pickN, satisfied, spreadPlacements, spreadKept, overCapacity, preferenceTotal, max, mean,
                Math.sqrt(variance), pickNSquared, pickNFixedPairs, maxUtilisation,
                withCapacity == 0 ? Double.NaN : utilisationSum / withCapacity);
    }

    private static boolean isPickN(Placement placement) {
        return PlacementType.PickN.name().equals(placement.spec().placementType());
    }

    /**
     * Preferences minus the load balance: the solver's ranking score were every PickN placement's
     * balance weight this one and every other placement's 1. Each pair of placements on a cluster
     * costs their two weights together and each PickN slot its own weight once (see the solver's
     * LoadShare): {@code w × Σ pickN² + (w + 1) × Σ pickN × fixed}.
     */
    public long objective(int balanceWeight) {
        return preferenceTotal - (long) balanceWeight * pickNSquared - (balanceWeight + 1L) * pickNFixedPairs;
    }

    public boolean hasCapacities() {
        return !Double.isNaN(maxUtilisation);
    }

    public void print(PrintWriter out) {
        out.printf("PickN satisfied: %d/%d%n", satisfied, pickN);
        out.printf("Spread kept: %d/%d PickN placements with DoNotSchedule spread%n", spreadKept, spreadPlacements);
        out.printf("Load: max %d, mean %.2f, stddev %.2f placements per available cluster%n", maxLoad, meanLoad, loadStdDev);
        if (hasCapacities()) {
            out.printf("Utilisation: max %.1f%%, mean %.1f%% of capacity; %d placements beyond capacity%n",
                    100 * maxUtilisation, 100 * meanUtilisation, overCapacity);
        }
        out.printf("Preference points: %d%n", preferenceTotal);
        out.flush();
    }
}
