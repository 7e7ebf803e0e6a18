package io.meridian.scheduler.scheduling;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.scheduling.PlacementAdmission.Admitted;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Outcomes of placements that take every cluster they may: PickAll and PickFixed. */
final class Selections {

    private Selections() {
    }

    static PlacementOutcome selectAll(Admitted admitted) {
        PlacementRequest request = admitted.request();
        Eligibility eligibility = admitted.eligibility();
        String reason = request.type() == PlacementType.PickFixed ? "named in clusterNames" : "matches the placement";
        List<Decision> decisions = eligibility.eligible().stream()
                .map(cluster -> new Decision(cluster.ref(), 0L, reason))
                .toList();
        int requested = request.type() == PlacementType.PickFixed ? request.fixedClusters().size() : decisions.size();
        return new PlacementOutcome(request.key(), request.type(), requested, decisions, unselected(eligibility.rejected()),
                eligibility.rejectedCount(), null, eligibility.nextExpiry());
    }

    /** The first {@link PlacementStatus#MAX_UNSELECTED} by namespace/name. */
    static List<UnselectedCluster> unselected(Map<ClusterProfileRef, String> reasons) {
        return new TreeMap<>(reasons).entrySet().stream()
                .limit(PlacementStatus.MAX_UNSELECTED)
                .map(entry -> new UnselectedCluster(entry.getKey(), entry.getValue()))
                .toList();
    }
}
