package io.meridian.scheduler.plan;

import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import java.util.List;

/**
 * A Placement with the status the scheduler would write and the PlacementDecision slices it would
 * publish; with a live API server, also how that differs from what the Placement holds now.
 *
 * @param change null when planning offline
 */
public record PlannedPlacement(Placement placement, List<PlacementDecision> slices, DecisionChange change) {

    public PlannedPlacement withChange(DecisionChange newChange) {
        return new PlannedPlacement(placement, slices, newChange);
    }

    public List<String> selectedClusters() {
        return placement.status().decisions().stream().map(Decision::clusterProfileRef).map(Object::toString).toList();
    }
}
