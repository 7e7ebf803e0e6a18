package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.SpreadConstraint;
import io.meridian.scheduler.solver.Cluster;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KubeFleet's scheduler framework for PickN, placement by placement in creation order. Bindings on
 * clusters that are still eligible stay (a cluster that fails loses its binding); only missing
 * clusters are picked. Required terms filter, preferred terms score (Meridian's preference points
 * stand in for them), and with topology spread constraints clusters are picked one per cycle (the
 * plugin's batch limit of 1), each cycle counting this placement's bindings per domain over every
 * cluster of the fleet with the topology key:
 * <ul>
 *   <li>a cluster whose domain would break a DoNotSchedule constraint's max skew is filtered out;</li>
 *   <li>the topology spread score is minus the skew change the binding causes, summed over the
 *       constraints, and −1000 for each ScheduleAnyway constraint it breaks.</li>
 * </ul>
 * Clusters are ranked by topology spread score, then affinity score, and on a tie the larger name
 * first (KubeFleet sorts ascending by name and reverses). Resource requests are a required
 * property term against the published capacity (a cluster with less allocatable than one request
 * is filtered), without subtracting what is placed there; neither load nor the placement count count.
 */
final class KubeFleetLikeScheduler implements BaselineScheduler {

    static final int MAX_SKEW_VIOLATION_PENALTY = 1000;

    private record Scored(Cluster cluster, long spread, long affinity) {
    }

    private static final Comparator<Scored> RANK = Comparator.comparingLong(Scored::spread)
            .thenComparingLong(Scored::affinity)
            .thenComparing(s -> s.cluster().fact().ref().name())
            .reversed();

    @Override
    public String name() {
        return "kubefleet-like";
    }

    @Override
    public Map<String, List<ClusterProfileRef>> schedule(Fleet fleet, List<Placement> placements,
                                                         Map<String, List<ClusterProfileRef>> current, Instant now) {
        return BaselineScheduler.inCreationOrder(fleet, placements, current, now,
                (view, book) -> pickN(view, book, fleet));
    }

    /** The clusters bound before and still eligible, then the best scored, one at a time under a spread. */
    private static List<Cluster> pickN(PlacementView view, DecisionBook book, Fleet fleet) {
        Set<Cluster> eligible = new HashSet<>(view.eligible());
        List<Cluster> bound = new ArrayList<>(book.current(view.key()).stream().filter(eligible::contains).toList());
        int wanted = view.request().numberOfClusters();
        List<SpreadConstraint> constraints = view.request().scoring().spreadConstraints();
        while (bound.size() < wanted) {
            List<Scored> scored = score(view, constraints, bound, fleet);
            if (scored.isEmpty()) {
                break;
            }
            int batch = constraints.isEmpty() ? wanted - bound.size() : 1;
            scored.stream().sorted(RANK).limit(batch).forEach(s -> bound.add(s.cluster()));
        }
        return bound;
    }

    /** Every eligible cluster not yet bound that no DoNotSchedule constraint rules out, with its scores. */
    private static List<Scored> score(PlacementView view, List<SpreadConstraint> constraints, List<Cluster> bound,
                                      Fleet fleet) {
        List<DomainCounts> counts = constraints.stream().map(c -> DomainCounts.of(c.topologyKey(), bound, fleet)).toList();
        Set<Cluster> taken = new HashSet<>(bound);
        List<Scored> scored = new ArrayList<>();
        for (Cluster cluster : view.eligible()) {
            if (taken.contains(cluster) || !view.publishesRoomFor(cluster)) {
                continue;
            }
            long spread = 0;
            boolean violates = false;
            // DoNotSchedule first, then ScheduleAnyway, as the plugin evaluates them.
            for (boolean required : new boolean[] {true, false}) {
                for (int i = 0; i < constraints.size() && !violates; i++) {
                    SpreadConstraint constraint = constraints.get(i);
                    String domain = cluster.fact().propertyOrLabel(constraint.topologyKey());
                    if (constraint.required() != required || domain == null) {
                        continue;
                    }
                    int change = counts.get(i).skewChange(domain);
                    boolean breaks = counts.get(i).skew() + change > constraint.maxSkew();
                    if (breaks && required) {
                        violates = true;
                    } else if (breaks) {
                        spread -= MAX_SKEW_VIOLATION_PENALTY;
                    } else {
                        spread -= change;
                    }
                }
            }
            if (!violates) {
                scored.add(new Scored(cluster, spread, view.preference(cluster)));
            }
        }
        return scored;
    }

    /** A placement's bindings per domain of one topology key, every domain of the fleet included. */
    private record DomainCounts(Map<String, Integer> counts, int smallest, int secondSmallest, int largest) {

        static DomainCounts of(String key, List<Cluster> bound, Fleet fleet) {
            Set<ClusterFact> selected = new HashSet<>();
            bound.forEach(c -> selected.add(c.fact()));
            Map<String, Integer> counts = new HashMap<>();
            for (ClusterFact cluster : fleet.clusters()) {
                String domain = cluster.propertyOrLabel(key);
                if (domain != null) {
                    counts.merge(domain, selected.contains(cluster) ? 1 : 0, Integer::sum);
                }
            }
            int[] sorted = counts.values().stream().mapToInt(Integer::intValue).sorted().toArray();
            if (sorted.length == 0) {
                return new DomainCounts(counts, 0, 0, 0);
            }
            int second = sorted.length == 1 ? sorted[0] : sorted[1];
            return new DomainCounts(counts, sorted[0], second, sorted[sorted.length - 1]);
        }

        int skew() {
            return largest - smallest;
        }

        /** KubeFleet's willViolate: how one more binding in this domain changes the skew. */
        int skewChange(String domain) {
            int count = counts.getOrDefault(domain, 0);
            if (largest == smallest) {
                return 1;
            }
            if (count == smallest && smallest != secondSmallest) {
                return -1;
            }
            return count == largest ? 1 : 0;
        }
    }
}
