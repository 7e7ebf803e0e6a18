package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated decision strategy, as Open Cluster Management's groupStrategy: named groups first,
 * in order, each taking the selected clusters its selector matches that no earlier group took;
 * the rest form unnamed groups. No group holds more than the group size, a larger one becomes
 * several groups of the same name. Groups without clusters are left out, and an empty decision
 * still has one (empty) group 0.
 *
 * @param named   the named groups in order
 * @param count   the group size as a count, or null
 * @param percent the group size as a percentage of the selected clusters, rounded up; used when count is null
 */
public record DecisionGrouping(List<NamedGroup> named, Integer count, int percent) {

    /** One group for everything: no decision strategy. */
    public static final DecisionGrouping NONE = new DecisionGrouping(List.of(), null, 100);

    public DecisionGrouping {
        named = List.copyOf(named);
    }

    /** A named group: the clusters its selector matches. */
    public record NamedGroup(String name, SelectorTerm selector) {
    }

    public List<DecisionGroup> group(List<Decision> decisions, Fleet fleet) {
        List<Decision> sorted = decisions.stream().sorted(Comparator.comparing(Decision::clusterProfileRef)).toList();
        int size = size(sorted.size());
        Map<ClusterProfileRef, Decision> left = new LinkedHashMap<>();
        sorted.forEach(decision -> left.put(decision.clusterProfileRef(), decision));
        List<DecisionGroup> groups = new ArrayList<>();
        for (NamedGroup group : named) {
            List<Decision> members = new ArrayList<>();
            for (Decision decision : List.copyOf(left.values())) {
                Optional<ClusterFact> fact = fleet.find(decision.clusterProfileRef());
                if (fact.isPresent() && group.selector().matches(fact.get())) {
                    members.add(decision);
                    left.remove(decision.clusterProfileRef());
                }
            }
            chunk(group.name(), members, size, groups);
        }
        chunk("", List.copyOf(left.values()), size, groups);
        return groups.isEmpty() ? DecisionGroup.single(List.of()) : List.copyOf(groups);
    }

    /** Clusters per group for this many selected clusters: at least 1, at most all of them. */
    int size(int selected) {
        // Integer arithmetic: 7% of 100 is 7, where floating point would round up to 8.
        int size = count != null ? count : (int) (((long) percent * selected + 99) / 100);
        return Math.max(1, Math.min(size, Math.max(1, selected)));
    }

    private static void chunk(String name, List<Decision> members, int size, List<DecisionGroup> groups) {
        for (int start = 0; start < members.size(); start += size) {
            groups.add(new DecisionGroup(groups.size(), name, members.subList(start, Math.min(members.size(), start + size))));
        }
    }
}
