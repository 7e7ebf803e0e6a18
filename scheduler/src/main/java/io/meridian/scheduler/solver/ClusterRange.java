package io.meridian.scheduler.solver;

import java.util.AbstractList;
import java.util.BitSet;
import java.util.List;
import java.util.RandomAccess;

/**
 * A placement's candidate clusters as the solver's value range: an immutable list that answers
 * {@code contains} from the clusters' fleet indices instead of scanning. Every swap move asks both
 * of its placements whether the other's cluster is in their range, and a scan compared clusters
 * one by one, a tenth of a health flip's local search.
 */
final class ClusterRange extends AbstractList<Cluster> implements RandomAccess {

    private final Cluster[] clusters;
    /** Fleet indices of the clusters: one cluster per index within a fleet. */
    private final BitSet indices = new BitSet();

    private ClusterRange(List<Cluster> clusters) {
        this.clusters = clusters.toArray(Cluster[]::new);
        for (Cluster cluster : this.clusters) {
            indices.set(cluster.index());
        }
    }

    static List<Cluster> of(List<Cluster> clusters) {
        return clusters instanceof ClusterRange ? clusters : new ClusterRange(clusters);
    }

    @Override
    public Cluster get(int position) {
        return clusters[position];
    }

    @Override
    public int size() {
        return clusters.length;
    }

    @Override
    public boolean contains(Object value) {
        return value instanceof Cluster cluster && indices.get(cluster.index());
    }
}
