package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.solver.Cluster;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every placement has selected so far and how many placements each cluster holds, as a
 * per-placement scheduler reads it from its cache of decisions or bindings while it works through
 * the queue.
 */
final class DecisionBook {

    private final Map<String, List<Cluster>> selected = new HashMap<>();
    private final Map<String, List<ClusterProfileRef>> decided = new LinkedHashMap<>();
    private final int[] load;
    private final Map<String, long[]> used = new HashMap<>();
    private final Map<String, Map<String, Long>> requests;

    /** @param requests each placement's resource requests per selected cluster, in units, by key */
    DecisionBook(Fleet fleet, List<Cluster> clusters, Map<String, List<ClusterProfileRef>> current,
                 Map<String, Map<String, Long>> requests) {
        this.load = new int[fleet.size()];
        this.requests = requests;
        current.forEach((key, refs) -> {
            List<Cluster> found = refs.stream().map(fleet::find).flatMap(java.util.Optional::stream)
                    .map(fact -> clusters.get(fact.index())).toList();
            selected.put(key, found);
            found.forEach(c -> add(key, c, 1));
        });
    }

    private void add(String key, Cluster cluster, int sign) {
        load[cluster.index()] += sign;
        requests.getOrDefault(key, Map.of()).forEach((resource, units) ->
                used.computeIfAbsent(resource, r -> new long[load.length])[cluster.index()] += sign * units);
    }

    /** What the placements on the cluster request of this resource, in units. */
    long used(Cluster cluster, String resource) {
        long[] units = used.get(resource);
        return units == null ? 0 : units[cluster.index()];
    }

    List<Cluster> current(String key) {
        return selected.getOrDefault(key, List.of());
    }

    /** Placements on the cluster, this placement's own selection included. */
    int load(Cluster cluster) {
        return load[cluster.index()];
    }

    int load(int index) {
        return load[index];
    }

    int size() {
        return load.length;
    }

    void decide(String key, List<Cluster> clusters) {
        List<Cluster> copy = List.copyOf(clusters);
        current(key).forEach(c -> add(key, c, -1));
        copy.forEach(c -> add(key, c, 1));
        selected.put(key, copy);
        decided.put(key, PlacementView.refs(copy));
    }

    /** The decisions made, in the order they were made. */
    Map<String, List<ClusterProfileRef>> decisions() {
        return decided;
    }
}
