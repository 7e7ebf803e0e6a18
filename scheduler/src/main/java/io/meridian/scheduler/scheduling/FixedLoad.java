package io.meridian.scheduler.scheduling;

import io.meridian.api.placement.Decision;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.solver.Cluster;
import java.util.ArrayList;
import java.util.List;

/** The placements fixed on each cluster for a solve, and their balance weights together. */
final class FixedLoad {

    private final Fleet fleet;
    private final int[] load;
    private final long[] weight;

    FixedLoad(Fleet fleet) {
        this.fleet = fleet;
        this.load = new int[fleet.size()];
        this.weight = new long[fleet.size()];
    }

    /** A placement holding these clusters; clusters no longer in the fleet hold nothing. */
    void add(List<Decision> decisions, int balanceWeight) {
        for (Decision decision : decisions) {
            fleet.find(decision.clusterProfileRef()).ifPresent(cluster -> {
                load[cluster.index()]++;
                weight[cluster.index()] += balanceWeight;
            });
        }
    }

    /** The fleet's clusters as planning values, by index. */
    List<Cluster> clusters() {
        List<Cluster> clusters = new ArrayList<>(fleet.size());
        for (ClusterFact fact : fleet.clusters()) {
            clusters.add(new Cluster(fact, load[fact.index()], weight[fact.index()]));
        }
        return clusters;
    }
}
