package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.solver.Cluster;
import io.meridian.scheduler.solver.PlacementFact;
import java.time.Instant;
import java.util.ArrayList;
import io.meridian.scheduler.fleet.ResourceCapacity;
import io.meridian.scheduler.fleet.ResourceQuantities;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One placement as every baseline sees it: validated and filtered exactly as Meridian does (the
 * same eligibility: predicates, clustersets, taints, health), with Meridian's preference points
 * per eligible cluster, so that the baselines differ from Meridian only in how they choose.
 */
record PlacementView(Placement placement, PlacementRequest request, List<Cluster> eligible, PlacementFact fact) {

    private static final PlacementValidator VALIDATOR = new PlacementValidator(null);
    private static final ClusterFilter FILTER = new ClusterFilter(0);

    /** Clusters of the fleet as values, by fleet index. */
    static List<Cluster> clusters(Fleet fleet) {
        List<Cluster> clusters = new ArrayList<>(fleet.size());
        fleet.clusters().forEach(fact -> clusters.add(new Cluster(fact, 0)));
        return clusters;
    }

    static PlacementView of(Placement placement, Fleet fleet, List<Cluster> clusters, Instant now) {
        PlacementRequest request = VALIDATOR.validate(placement).request();
        Eligibility eligibility = FILTER.filter(request, fleet, now);
        List<Cluster> eligible = eligibility.eligible().stream().map(c -> clusters.get(c.index())).toList();
        return new PlacementView(placement, request, eligible, new PlacementFact(request, eligibility, eligible, Set.of()));
    }

    /** Each placement's resource requests per selected cluster, in units, by key; only validation, no filtering. */
    static Map<String, Map<String, Long>> requests(List<Placement> placements) {
        Map<String, Map<String, Long>> requests = new HashMap<>();
        placements.forEach(p -> requests.put(p.key(), VALIDATOR.validate(p).request().resources().units()));
        return requests;
    }

    /** Whether the cluster publishes at least this much of every requested resource, whatever is placed there. */
    boolean publishesRoomFor(Cluster cluster) {
        for (Map.Entry<String, Long> request : request.resources().units().entrySet()) {
            ResourceCapacity capacity = cluster.fact().resourceCapacity(request.getKey());
            if (!capacity.isKnown()
                    || ResourceQuantities.capacityUnits(request.getKey(), capacity.amount()) < request.getValue()) {
                return false;
            }
        }
        return true;
    }

    String key() {
        return request.key();
    }

    boolean isPickN() {
        return request.type() == PlacementType.PickN;
    }

    long preference(Cluster cluster) {
        return fact.preferenceScore(cluster);
    }

    static List<ClusterProfileRef> refs(List<Cluster> clusters) {
        return clusters.stream().map(c -> c.fact().ref()).toList();
    }
}
