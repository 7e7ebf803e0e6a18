package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.solver.Cluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** A scheduler that decides placement by placement, the way the cluster managers' own schedulers do. */
interface BaselineScheduler {

    String name();

    /**
     * @param placements in creation order
     * @param current    what each placement selected before (empty on the first pass)
     * @return the selected clusters by placement key, in the order the placements were decided
     */
    Map<String, List<ClusterProfileRef>> schedule(Fleet fleet, List<Placement> placements,
                                                  Map<String, List<ClusterProfileRef>> current, Instant now);

    /**
     * The loop of a scheduler that decides in creation order: PickAll and PickFixed placements take
     * every eligible cluster, PickN placements the clusters {@code pickN} chooses given the decisions
     * so far.
     */
    static Map<String, List<ClusterProfileRef>> inCreationOrder(
            Fleet fleet, List<Placement> placements, Map<String, List<ClusterProfileRef>> current, Instant now,
            BiFunction<PlacementView, DecisionBook, List<Cluster>> pickN) {
        List<Cluster> clusters = PlacementView.clusters(fleet);
        DecisionBook book = new DecisionBook(fleet, clusters, current, PlacementView.requests(placements));
        for (Placement placement : placements) {
            PlacementView view = PlacementView.of(placement, fleet, clusters, now);
            book.decide(view.key(), view.isPickN() ? pickN.apply(view, book) : view.eligible());
        }
        return book.decisions();
    }
}
