package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.scheduler.fleet.ClusterFact;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Which clusters one placement may use, found by {@link ClusterFilter}.
 *
 * @param eligible        clusters that may be selected, in fleet order
 * @param matching        indexes of clusters that pass the manager, clusterset and predicate checks
 * @param tolerated       indexes of eligible clusters with a NoSelect or NoSelectIfNew taint (built
 *                        in, such as unhealthy or not joined, or an admin's) that a toleration or a
 *                        current decision still admits
 * @param rejected        why some clusters were rejected, at most the first few in fleet order
 * @param rejectedCount   how many clusters were rejected in all
 * @param nextExpiry      when the first toleration in use runs out, or null
 * @param preferences     what preferred terms and PreferNoSelect taints add to each eligible
 *                        cluster's preference score (PickN only; {@link PreferenceScores#NONE} otherwise)
 */
public record Eligibility(List<ClusterFact> eligible, BitSet matching, BitSet tolerated,
                         Map<ClusterProfileRef, String> rejected, int rejectedCount, Instant nextExpiry,
                         PreferenceScores preferences) {
}
