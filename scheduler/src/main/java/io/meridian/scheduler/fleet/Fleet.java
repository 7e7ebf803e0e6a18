package io.meridian.scheduler.fleet;

import io.meridian.api.inventory.ClusterProfileRef;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of every cluster fact, sorted by namespace/name and indexed; or a view of
 * some of them ({@link #restrictedTo}), whose facts keep their indexes in the whole fleet.
 */
public final class Fleet {

    private final List<ClusterFact> clusters;
    private final Map<ClusterProfileRef, ClusterFact> byRef;
    private final int size;

    private Fleet(List<ClusterFact> clusters, int size) {
        this.clusters = List.copyOf(clusters);
        this.byRef = new HashMap<>(clusters.size() * 2);
        clusters.forEach(cluster -> byRef.put(cluster.ref(), cluster));
        this.size = size;
    }

    public static Fleet of(Collection<ClusterFact> facts) {
        List<ClusterFact> sorted = new ArrayList<>(facts);
        sorted.sort(Comparator.comparing(ClusterFact::ref));
        List<ClusterFact> indexed = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            indexed.add(sorted.get(i).withIndex(i));
        }
        return new Fleet(indexed, indexed.size());
    }

    /**
     * Only the clusters with these indexes, such as those a namespace may see: the view lists and
     * finds no other, and its facts keep their indexes, so bit sets over the whole fleet still apply.
     */
    public Fleet restrictedTo(BitSet indexes) {
        List<ClusterFact> kept = new ArrayList<>(indexes.cardinality());
        for (ClusterFact cluster : clusters) {
            if (indexes.get(cluster.index())) {
                kept.add(cluster);
            }
        }
        return new Fleet(kept, size);
    }

    public List<ClusterFact> clusters() {
        return clusters;
    }

    public Optional<ClusterFact> find(ClusterProfileRef ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    /** How many indexes there are: the size of the whole fleet, also for a restricted view. */
    public int size() {
        return size;
    }
}
