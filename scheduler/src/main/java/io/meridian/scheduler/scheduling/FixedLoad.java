package io.meridian.scheduler.scheduling;

import io.meridian.api.placement.Decision;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.solver.Cluster;
import io.meridian.scheduler.solver.ClusterResources;
import io.meridian.scheduler.solver.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;

/** The placements fixed on each cluster for a solve: how many, their balance weights and their requests together. */
final class FixedLoad {

    private final Fleet fleet;
    private final int[] load;
    private final long[] weight;
    private final ClusterResources[] resources;

    FixedLoad(Fleet fleet, ResourceStrategy strategy) {
        this.fleet = fleet;
        this.load = new int[fleet.size()];
        this.weight = new long[fleet.size()];
        this.resources = new ClusterResources[fleet.size()];
        fleet.clusters().forEach(cluster -> resources[cluster.index()] = new ClusterResources(cluster, strategy));
    }

    /** A placement holding these clusters; clusters no longer in the fleet hold nothing. */
    void add(List<Decision> decisions, PlacementRequest request) {
        boolean requests = !request.resources().isEmpty(); // most placements: nothing to look up per cluster
        for (Decision decision : decisions) {
            fleet.find(decision.clusterProfileRef()).ifPresent(cluster -> {
                load[cluster.index()]++;
                weight[cluster.index()] += request.scoring().balanceWeight();
                if (requests) {
                    resources[cluster.index()].addFixed(request.resources(),
                            request.currentDecision().contains(cluster.ref()));
                }
            });
        }
    }

    /** The fleet's clusters as planning values, by index. */
    List<Cluster> clusters() {
        List<Cluster> clusters = new ArrayList<>(fleet.size());
        for (ClusterFact fact : fleet.clusters()) {
            clusters.add(new Cluster(fact, load[fact.index()], weight[fact.index()], resources[fact.index()]));
        }
        return clusters;
    }
}
