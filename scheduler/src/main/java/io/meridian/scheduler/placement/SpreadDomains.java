package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.scheduler.fleet.ClusterFact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How many eligible clusters each domain of a placement's required topology spread holds, kept
 * current as clusters change. Whether a settled placement still keeps its required spread depends
 * on its clusters and on which domains have an eligible cluster: a domain that appears can make the
 * skew too large, one that empties can lift the limit. A cluster that changes inside a domain that
 * keeps other eligible clusters changes neither, so the placement need not be scheduled for it.
 * Not thread-safe: one pass at a time.
 */
public final class SpreadDomains {

    /** A placement without required spread: no change of domains concerns it. */
    public static final SpreadDomains NONE = new SpreadDomains(List.of());

    private final List<String> topologyKeys;
    /** Per topology key, the eligible clusters in each domain. */
    private final List<Map<String, Integer>> counts;

    private SpreadDomains(List<String> topologyKeys) {
        this.topologyKeys = topologyKeys;
        this.counts = new ArrayList<>(topologyKeys.size());
        topologyKeys.forEach(key -> counts.add(new HashMap<>()));
    }

    /** The domains of the placement's eligible clusters, for each required spread constraint. */
    public static SpreadDomains of(PlacementRequest request, Eligibility eligibility) {
        List<String> keys = request.scoring().spreadConstraints().stream()
                .filter(SpreadConstraint::required).map(SpreadConstraint::topologyKey).distinct().toList();
        if (keys.isEmpty()) {
            return NONE;
        }
        SpreadDomains domains = new SpreadDomains(keys);
        for (ClusterFact cluster : eligibility.eligible()) {
            for (int i = 0; i < keys.size(); i++) {
                String domain = cluster.propertyOrLabel(keys.get(i));
                if (domain != null) {
                    domains.counts.get(i).merge(domain, 1, Integer::sum);
                }
            }
        }
        return domains;
    }

    /**
     * Takes in the changed clusters and tells whether a domain appeared or emptied for the placement.
     *
     * @param now the time eligibility is judged at (tolerations)
     */
    public boolean change(PlacementRequest request, ClusterChanges changes, Instant now) {
        if (topologyKeys.isEmpty()) {
            return false;
        }
        boolean changed = false;
        for (ClusterProfileRef ref : changes.clusters()) {
            ClusterFact before = changes.before().get(ref);
            ClusterFact after = changes.after().get(ref);
            boolean wasEligible = before != null && ClusterFilter.isEligible(request, before, now);
            boolean isEligible = after != null && ClusterFilter.isEligible(request, after, now);
            for (int i = 0; i < topologyKeys.size(); i++) {
                String from = wasEligible ? before.propertyOrLabel(topologyKeys.get(i)) : null;
                String to = isEligible ? after.propertyOrLabel(topologyKeys.get(i)) : null;
                if (Objects.equals(from, to)) {
                    continue;
                }
                Map<String, Integer> domains = counts.get(i);
                if (from != null && domains.merge(from, -1, Integer::sum) <= 0) {
                    domains.remove(from);
                    changed = true;
                }
                if (to != null && domains.merge(to, 1, Integer::sum) == 1) {
                    changed = true;
                }
            }
        }
        return changed;
    }
}
