package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers which clusters met each placement's predicates in the previous pass. Predicates read
 * only a cluster's manager, clusterset, labels, properties and version, so when a cluster's health
 * changes, or an unrelated cluster's anything, a placement is not matched against the whole fleet
 * again: only clusters whose predicate facts changed are. Not thread-safe: one pass at a time.
 */
public final class PredicateMemo {

    private record Entry(String specVersion, BitSet matches) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private Map<ClusterProfileRef, ClusterFact> previous = Map.of();
    private int[] previousIndex = new int[0];
    private final BitSet changed = new BitSet();
    private final Set<String> seen = new HashSet<>();

    /** Compares the fleet with the previous pass's, cluster by cluster. */
    public void beginPass(Fleet fleet) {
        List<ClusterFact> clusters = fleet.clusters();
        previousIndex = new int[clusters.size()];
        changed.clear();
        for (ClusterFact cluster : clusters) {
            ClusterFact before = previous.get(cluster.ref());
            previousIndex[cluster.index()] = before == null ? -1 : before.index();
            if (before == null || !before.hasSamePredicateFacts(cluster)) {
                changed.set(cluster.index());
            }
        }
        Map<ClusterProfileRef, ClusterFact> now = new HashMap<>();
        clusters.forEach(cluster -> now.put(cluster.ref(), cluster));
        previous = now;
        seen.clear();
    }

    /**
     * @param specVersion identifies the placement's spec (uid and generation); null when unknown,
     *                    and then nothing is remembered
     * @return the indexes of the clusters that meet the request's manager, clusterset and predicates
     * @throws SpecMisconfiguredException when a CEL expression exceeds its cost; nothing is remembered then
     */
    public BitSet matches(String key, String specVersion, PlacementRequest request, Fleet fleet) {
        seen.add(key);
        Entry entry = entries.get(key);
        boolean reuse = specVersion != null && entry != null && entry.specVersion().equals(specVersion);
        BitSet matches = new BitSet(fleet.size());
        for (ClusterFact cluster : fleet.clusters()) {
            int index = cluster.index();
            boolean match = reuse && !changed.get(index)
                    ? entry.matches().get(previousIndex[index])
                    : ClusterFilter.requirementMismatch(request, cluster) == null;
            matches.set(index, match);
        }
        if (specVersion != null) {
            entries.put(key, new Entry(specVersion, matches));
        }
        return matches;
    }

    /** Forgets placements that were not seen in this pass. */
    public void endPass() {
        entries.keySet().retainAll(seen);
    }
}
