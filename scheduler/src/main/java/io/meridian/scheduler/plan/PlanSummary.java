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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How good a set of decisions is, whoever made it, judged by Meridian's own rules: PickN placements
 * that got every cluster they asked for, DoNotSchedule spread kept (the solver's skew), the
 * preference points of the selected clusters (the solver's ranking), the load each available cluster
 * carries (every placement on it), and how full its capacities are (placement count, resource requests).
 *
 * <p>A cluster admits placements in decision order while they fit its placement-count capacity and
 * its published capacity for each resource they request; a PickN placement with a slot that does
 * not fit is not satisfied, since its workload does not run there.
 *
 * @param overCapacity   placements (slots) that did not fit their cluster
 * @param preferenceTotal preference points of every PickN placement's selected clusters
 * @param pickNSquared   the sum over available clusters of the square of their PickN placements
 * @param pickNFixedPairs the sum over available clusters of their PickN placements times their PickAll
 *                       and PickFixed placements; with {@code pickNSquared} what the solver's load balance costs
 * @param maxUtilisation the largest share of a capacity in use on any cluster, or NaN without capacities
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
        Map<String, PlacementRequest> requests = new HashMap<>();
        placements.forEach(placement -> {
            ValidationResult validation = validator.validate(placement);
            if (validation.isValid()) {
                requests.put(placement.key(), validation.request());
            }
        });
        List<String> order = new ArrayList<>(decisions.keySet());
        requests.keySet().stream().filter(key -> !decisions.containsKey(key)).sorted().forEach(order::add);
        order.removeIf(key -> !requests.containsKey(key));

        int[] load = new int[fleet.size()];
        int[] fixedLoad = new int[fleet.size()];
        Set<String> overflowed = new HashSet<>();
        ClusterRoom room = new ClusterRoom(fleet);
        int overCapacity = 0;
        for (String key : order) {
            PlacementRequest request = requests.get(key);
            for (ClusterFact cluster : selected(fleet, decisions, key)) {
                load[cluster.index()]++;
                if (request.type() != PlacementType.PickN) {
                    fixedLoad[cluster.index()]++;
                }
                if (!room.admit(cluster, request.resources().units())) {
                    overCapacity++;
                    overflowed.add(key);
                }
            }
        }
        List<Cluster> clusters = new ArrayList<>(fleet.size());
        fleet.clusters().forEach(fact -> clusters.add(new Cluster(fact, 0)));
        ClusterFilter filter = new ClusterFilter(0);
        int pickN = 0;
        int satisfied = 0;
        int spreadPlacements = 0;
        int spreadKept = 0;
        long preferenceTotal = 0;
        for (String key : order) {
            PlacementRequest request = requests.get(key);
            if (request.type() != PlacementType.PickN) {
                continue;
            }
            pickN++;
            Eligibility eligibility = filter.filter(request, fleet, now);
            PlacementFact fact = new PlacementFact(request, eligibility,
                    eligibility.eligible().stream().map(c -> clusters.get(c.index())).toList(), Set.of());
            List<Cluster> selected = selected(fleet, decisions, key).stream().map(c -> clusters.get(c.index())).toList();
            if (selected.size() == request.numberOfClusters() && !overflowed.contains(key)) {
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
        return loads(fleet, room, load, fixedLoad, pickN, satisfied, spreadPlacements, spreadKept, overCapacity,
                preferenceTotal);
    }

    private static List<ClusterFact> selected(Fleet fleet, Map<String, List<ClusterProfileRef>> decisions, String key) {
        return decisions.getOrDefault(key, List.of()).stream().map(fleet::find).flatMap(Optional::stream).toList();
    }

    private static PlanSummary loads(Fleet fleet, ClusterRoom room, int[] load, int[] fixedLoad, int pickN, int satisfied,
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
            double utilisation = room.utilisation(cluster);
            if (!Double.isNaN(utilisation)) {
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
