package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers which clusters meet each placement's predicates, and keeps that current as the fleet
 * changes. Predicates read only a cluster's manager, clusterset, labels, properties and version, so
 * when a cluster's health changes, or an unrelated cluster's anything, a placement is not matched
 * against the whole fleet again: only clusters whose predicate facts changed are, for every
 * remembered placement at once, whether or not that placement is scheduled in the pass.
 * Not thread-safe: one pass at a time.
 */
public final class PredicateMemo {

    private static final class Entry {
        private final SpecVersion specVersion;
        private final PlacementRequest request;
        private BitSet matches;

        private Entry(SpecVersion specVersion, PlacementRequest request, BitSet matches) {
            this.specVersion = specVersion;
            this.request = request;
            this.matches = matches;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private Map<ClusterProfileRef, ClusterFact> previous = Map.of();

    /**
     * Brings every remembered placement's matches up to the new fleet.
     *
     * @return the clusters that changed and the placements whose predicates they meet, before or after
     */
    public ClusterChanges beginPass(Fleet fleet) {
        List<ClusterFact> clusters = fleet.clusters();
        Set<ClusterProfileRef> changed = new HashSet<>();
        List<ClusterFact> rematch = new ArrayList<>();
        int[] previousIndex = new int[clusters.size()];
        boolean shifted = clusters.size() != previous.size();
        Map<ClusterProfileRef, ClusterFact> now = new HashMap<>();
        for (ClusterFact cluster : clusters) {
            now.put(cluster.ref(), cluster);
            ClusterFact before = previous.get(cluster.ref());
            previousIndex[cluster.index()] = before == null ? -1 : before.index();
            shifted |= before == null || before.index() != cluster.index();
            if (before == null || !before.hasSameFacts(cluster)) {
                changed.add(cluster.ref());
            }
            if (before == null || !before.hasSamePredicateFacts(cluster)) {
                rematch.add(cluster);
            }
        }
        List<ClusterFact> removed = previous.values().stream().filter(c -> !now.containsKey(c.ref())).toList();
        removed.forEach(cluster -> changed.add(cluster.ref()));

        int[] changedIndexes = clusters.stream().filter(c -> changed.contains(c.ref())).mapToInt(ClusterFact::index)
                .toArray();
        Set<String> concerned = new HashSet<>();
        if (!changed.isEmpty()) {
            for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Entry> named = it.next();
                Entry entry = named.getValue();
                try {
                    if (concerns(entry, changedIndexes, removed, previousIndex, shifted, rematch, fleet.size())) {
                        concerned.add(named.getKey());
                    }
                } catch (SpecMisconfiguredException e) {
                    // Matched again from scratch when the placement is next scheduled, which then reports it.
                    it.remove();
                    concerned.add(named.getKey());
                }
            }
        }
        Map<ClusterProfileRef, ClusterFact> before = previous;
        previous = Collections.unmodifiableMap(now);
        Set<ClusterProfileRef> gone = new HashSet<>();
        removed.forEach(cluster -> gone.add(cluster.ref()));
        return new ClusterChanges(Set.copyOf(changed), Set.copyOf(gone), Set.copyOf(concerned), before, previous);
    }

    private static boolean concerns(Entry entry, int[] changedIndexes, List<ClusterFact> removed,
                                    int[] previousIndex, boolean shifted, List<ClusterFact> rematch, int size) {
        BitSet before = entry.matches;
        boolean concerned = removed.stream().anyMatch(cluster -> before.get(cluster.index()));
        BitSet after = before;
        if (shifted) {
            after = new BitSet(size);
            for (int index = 0; index < previousIndex.length; index++) {
                after.set(index, previousIndex[index] >= 0 && before.get(previousIndex[index]));
            }
        }
        for (ClusterFact cluster : rematch) {
            int index = cluster.index();
            boolean matched = previousIndex[index] >= 0 && before.get(previousIndex[index]);
            boolean matches = ClusterFilter.meetsRequirements(entry.request, cluster);
            after.set(index, matches);
            concerned |= matched || matches;
        }
        if (!concerned) {
            for (int index : changedIndexes) {
                concerned |= after.get(index);
            }
        }
        entry.matches = after;
        return concerned;
    }

    /**
     * @param specVersion identifies the placement's spec; null when unknown, and then nothing is remembered
     * @return the indexes of the clusters that meet the request's manager, clusterset and predicates
     * @throws SpecMisconfiguredException when a CEL expression exceeds its cost; nothing is remembered then
     */
    public BitSet matches(String key, SpecVersion specVersion, PlacementRequest request, Fleet fleet) {
        Entry entry = entries.get(key);
        if (specVersion != null && entry != null && entry.specVersion.equals(specVersion)) {
            return (BitSet) entry.matches.clone();
        }
        entries.remove(key);
        BitSet matches = new BitSet(fleet.size());
        for (ClusterFact cluster : fleet.clusters()) {
            matches.set(cluster.index(), ClusterFilter.meetsRequirements(request, cluster));
        }
        if (specVersion != null) {
            entries.put(key, new Entry(specVersion, request, (BitSet) matches.clone()));
        }
        return matches;
    }

    /** Forgets placements that are gone. */
    public void endPass(Collection<String> present) {
        entries.keySet().retainAll(present instanceof Set<?> ? present : new HashSet<>(present));
    }
}
