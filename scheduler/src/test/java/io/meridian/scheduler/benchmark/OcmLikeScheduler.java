package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.solver.Cluster;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Open Cluster Management's placement scheduler, one placement at a time in queue (creation)
 * order: filter, then score each cluster as the sum of its prioritizers at weight 1 each (OCM's
 * defaults for Balance and Steady, and Meridian's preference points standing in for the
 * placement's own prioritizers), sort by score then name, take the first N.
 *
 * <ul>
 *   <li>Balance: 100 for a cluster no other placement selected, otherwise
 *       {@code 2 × trunc(100 × (0.5 − count / max))}, where count is the cluster's decisions of the
 *       other placements and max the largest such count in the fleet: 100 down to −100.</li>
 *   <li>Steady: 100 for a cluster this placement selected before, else 0.</li>
 * </ul>
 * Every placement is decided again on every pass (OCM requeues placements on cluster changes), so
 * after a failure it may move placements that did not have to. No placement-count capacity, no
 * reservation of resource requests and no topology spread: OCM's scheduler has none of them (its
 * ResourceAllocatable prioritizers rank by what a cluster publishes and weigh 0 by default).
 */
final class OcmLikeScheduler implements BaselineScheduler {

    static final long MAX_CLUSTER_SCORE = 100;

    @Override
    public String name() {
        return "ocm-like";
    }

    @Override
    public Map<String, List<ClusterProfileRef>> schedule(Fleet fleet, List<Placement> placements,
                                                         Map<String, List<ClusterProfileRef>> current, Instant now) {
        return BaselineScheduler.inCreationOrder(fleet, placements, current, now, OcmLikeScheduler::pickN);
    }

    /** Filter, then score by preference, Balance and Steady, and take the best N. */
    private static List<Cluster> pickN(PlacementView view, DecisionBook book) {
        Set<Integer> own = new HashSet<>();
        book.current(view.key()).forEach(c -> own.add(c.index()));
        int max = 0;
        for (int i = 0; i < book.size(); i++) {
            max = Math.max(max, book.load(i) - (own.contains(i) ? 1 : 0));
        }
        int busiest = max;
        Map<Cluster, Long> score = new java.util.HashMap<>();
        for (Cluster cluster : view.eligible()) {
            int others = book.load(cluster) - (own.contains(cluster.index()) ? 1 : 0);
            long steady = own.contains(cluster.index()) ? MAX_CLUSTER_SCORE : 0;
            score.put(cluster, view.preference(cluster) + balance(others, busiest) + steady);
        }
        return view.eligible().stream()
                .sorted(Comparator.comparingLong((Cluster c) -> -score.get(c))
                        .thenComparing(c -> c.fact().ref().name()))
                .limit(view.request().numberOfClusters())
                .toList();
    }

    /** OCM's Balance prioritizer, truncation included. */
    static long balance(int count, int max) {
        if (count == 0) {
            return MAX_CLUSTER_SCORE;
        }
        double usage = (double) count / max;
        return 2 * (long) (MAX_CLUSTER_SCORE * (0.5 - usage));
    }
}
