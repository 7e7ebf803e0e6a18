package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.DecisionGroupStatus;
import io.meridian.api.placement.PlacementStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One decision group: its position in rollout order, the named group it comes from (empty for
 * the rest) and its decisions, sorted by cluster.
 */
public record DecisionGroup(int index, String name, List<Decision> decisions) {

    public DecisionGroup {
        decisions = List.copyOf(decisions);
    }

    /**
     * The groups a status lists, for a placement whose spec cannot be scheduled and keeps its
     * decision: the kept decisions in the groups the status names them in. When the status does
     * not list every kept cluster in a group, all form one group.
     */
    public static List<DecisionGroup> previous(PlacementStatus status, List<Decision> kept) {
        List<DecisionGroupStatus> listed = status == null || status.decisionGroups() == null ? List.of()
                : status.decisionGroups();
        List<DecisionGroup> groups = new ArrayList<>();
        Set<ClusterProfileRef> placed = new HashSet<>();
        for (DecisionGroupStatus group : listed) {
            Set<ClusterProfileRef> members = group == null || group.clusters() == null ? Set.of()
                    : new HashSet<>(group.clusters());
            List<Decision> decisions = kept.stream().filter(d -> members.contains(d.clusterProfileRef())).toList();
            decisions.forEach(d -> placed.add(d.clusterProfileRef()));
            groups.add(new DecisionGroup(groups.size(), group == null || group.decisionGroupName() == null ? ""
                    : group.decisionGroupName(), decisions));
        }
        boolean complete = kept.stream().allMatch(d -> placed.contains(d.clusterProfileRef()));
        return complete && !groups.isEmpty() ? List.copyOf(groups) : single(kept);
    }

    /** Every decision in one unnamed group 0: a placement without a decision strategy. */
    public static List<DecisionGroup> single(List<Decision> decisions) {
        return List.of(new DecisionGroup(0, "", decisions));
    }
}
