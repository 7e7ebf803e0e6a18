package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.solver.Cluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Capacity-aware first-fit decreasing, the classic bin-packing heuristic: PickAll and PickFixed
 * placements are laid down first (they take what they match), then PickN placements from the
 * largest request down (the count of clusters; ties in creation order), each slot going to the
 * first eligible cluster in fleet order that still has room and keeps the placement's DoNotSchedule
 * spread. Clusters a placement already holds and may keep stay. Preferences and load do not count.
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
        DecisionBook book = new DecisionBook(fleet, clusters, current);
        List<PlacementView> pickN = new ArrayList<>();
        for (Placement placement : placements) {
            PlacementView view = PlacementView.of(placement, fleet, clusters, now);
            if (view.isPickN()) {
                pickN.add(view);
            } else {
                book.decide(view.key(), view.eligible());
            }
        }
        pickN.sort(Comparator.comparingInt((PlacementView v) -> -size(v)));
        for (PlacementView view : pickN) {
            Set<Cluster> eligible = new HashSet<>(view.eligible());
            List<Cluster> selected = new ArrayList<>(book.current(view.key()).stream().filter(eligible::contains).toList());
            book.decide(view.key(), selected);
            for (Cluster cluster : view.eligible()) {
                if (selected.size() >= view.request().numberOfClusters()) {
                    break;
                }
                if (!selected.contains(cluster) && fits(book, cluster) && keepsSpread(view, selected, cluster)) {
                    selected.add(cluster);
                    book.decide(view.key(), selected);
                }
            }
        }
        return book.decisions();
    }

    /** What the placement asks of the fleet. */
    private static int size(PlacementView view) {
        return view.request().numberOfClusters();
    }

    private static boolean fits(DecisionBook book, Cluster cluster) {
        Integer capacity = cluster.fact().capacity();
        return capacity == null || book.load(cluster) < capacity;
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
