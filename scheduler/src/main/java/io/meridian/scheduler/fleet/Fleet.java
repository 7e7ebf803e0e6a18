package io.meridian.scheduler.fleet;

import io.meridian.api.inventory.ClusterProfileRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of every cluster fact, sorted by namespace/name and indexed. */
public final class Fleet {

    private final List<ClusterFact> clusters;
    private final Map<ClusterProfileRef, ClusterFact> byRef;

    private Fleet(List<ClusterFact> clusters) {
        this.clusters = List.copyOf(clusters);
        this.byRef = new HashMap<>(clusters.size() * 2);
        clusters.forEach(cluster -> byRef.put(cluster.ref(), cluster));
    }

    public static Fleet of(Collection<ClusterFact> facts) {
        List<ClusterFact> sorted = new ArrayList<>(facts);
        sorted.sort(Comparator.comparing(ClusterFact::ref));
        List<ClusterFact> indexed = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            indexed.add(sorted.get(i).withIndex(i));
        }
        return new Fleet(indexed);
    }

    public List<ClusterFact> clusters() {
        return clusters;
    }

    public Optional<ClusterFact> find(ClusterProfileRef ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    public int size() {
        return clusters.size();
    }
}
