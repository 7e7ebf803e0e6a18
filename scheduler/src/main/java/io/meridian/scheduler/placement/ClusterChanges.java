package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.scheduler.fleet.ClusterFact;
import java.util.Map;
import java.util.Set;

/**
 * What changed in the fleet since the previous pass.
 *
 * @param clusters  the clusters added, removed, or with any fact changed
 * @param removed   those of them no longer in the fleet
 * @param concerned the placements whose predicates one of those clusters meets, before or after the
 *                  change (a placement the memo has not seen yet is not named)
 * @param before    the fleet's clusters as they were, by reference: a cluster that joined is absent
 * @param after     the fleet's clusters as they are: a cluster that left is absent
 */
public record ClusterChanges(Set<ClusterProfileRef> clusters, Set<ClusterProfileRef> removed, Set<String> concerned,
                             Map<ClusterProfileRef, ClusterFact> before, Map<ClusterProfileRef, ClusterFact> after) {

    public boolean isEmpty() {
        return clusters.isEmpty();
    }
}
