package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.solver.Cluster;
import java.time.Instant;
import java.util.ArrayList;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.ResourceCapacity;
import io.meridian.scheduler.fleet.ResourceQuantities;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Capacity-aware first-fit decreasing, the classic bin-packing heuristic: PickAll and PickFixed
 * placements are laid down first (they take what they match), then PickN placements from the
 * largest request down (clusters times the share of the fleet's cpu and memory each takes; ties in
 * creation order), each slot going to the first eligible cluster in fleet order that still has room
 * (placement count, cpu, memory) and keeps the placement's DoNotSchedule spread. Clusters a placement already holds and may keep stay. Preferences and load do not count.
 */
final class FirstFitDecreasingScheduler implements BaselineScheduler {

    @Override
    public String name() {
        return "ffd";
    }

    @Override
    public Map<String, List<ClusterProfileRef>> schedule(Fleet fleet, List<Placement> placements,
                                                         Map<String, List<ClusterProfileRef>> current, Instant now) {
        List<Cluster> clusters = PlacementView.clusters(fleet);
        DecisionBook book = new DecisionBook(fleet, clusters, current, PlacementView.requests(placements));
        List<PlacementView> pickN = new ArrayList<>();
        for (Placement placement : placements) {
            PlacementView view = PlacementView.of(placement, fleet, clusters, now);
            if (view.isPickN()) {
                pickN.add(view);
            } else {
                book.decide(view.key(), view.eligible());
            }
        }
        Map<String, Long> totals = totals(fleet);
        pickN.sort(Comparator.comparingDouble((PlacementView v) -> -size(v, totals)));
        for (PlacementView view : pickN) {
            Set<Cluster> eligible = new HashSet<>(view.eligible());
            List<Cluster> selected = new ArrayList<>(book.current(view.key()).stream().filter(eligible::contains).toList());
            book.decide(view.key(), selected);
            for (Cluster cluster : view.eligible()) {
                if (selected.size() >= view.request().numberOfClusters()) {
                    break;
                }
                if (!selected.contains(cluster) && fits(book, view, cluster) && keepsSpread(view, selected, cluster)) {
                    selected.add(cluster);
                    book.decide(view.key(), selected);
                }
            }
        }
        return book.decisions();
    }

    /**
     * What the placement asks of the fleet: its clusters times the share of the fleet's capacity its
     * requests take (summed over resources), or its clusters alone without requests.
     */
    private static double size(PlacementView view, Map<String, Long> totals) {
        double share = 0;
        for (Map.Entry<String, Long> request : view.request().resources().units().entrySet()) {
            share += (double) request.getValue() / Math.max(1, totals.getOrDefault(request.getKey(), 0L));
        }
        return view.request().numberOfClusters() * (share == 0 ? 1 : share);
    }

    /** The fleet's published capacity per resource, in units. */
    private static Map<String, Long> totals(Fleet fleet) {
        Map<String, Long> totals = new HashMap<>();
        for (String resource : List.of(ResourceQuantities.CPU, ResourceQuantities.MEMORY)) {
            for (ClusterFact cluster : fleet.clusters()) {
                ResourceCapacity capacity = cluster.resourceCapacity(resource);
                if (capacity.isKnown()) {
                    totals.merge(resource, ResourceQuantities.capacityUnits(resource, capacity.amount()), Long::sum);
                }
            }
        }
        return totals;
    }

    /** Room on the cluster for one more placement, and for its requests next to what is there. */
    private static boolean fits(DecisionBook book, PlacementView view, Cluster cluster) {
        Integer capacity = cluster.fact().capacity();
        if (capacity != null && book.load(cluster) >= capacity) {
            return false;
        }
        for (Map.Entry<String, Long> request : view.request().resources().units().entrySet()) {
            ResourceCapacity published = cluster.fact().resourceCapacity(request.getKey());
            if (!published.isKnown() || book.used(cluster, request.getKey()) + request.getValue()
                    > ResourceQuantities.capacityUnits(request.getKey(), published.amount())) {
                return false;
            }
        }
        return true;
    }

    private static boolean keepsSpread(PlacementView view, List<Cluster> selected, Cluster candidate) {
        if (!view.fact().hasSpread(true)) {
            return true;
        }
        List<Cluster> with = new ArrayList<>(selected);
        with.add(candidate);
        return view.fact().requiredSpreadExcess(with) == 0;
    }
}
