package io.meridian.scheduler.plan;

import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Placement;
import java.util.List;

/** A Placement with the status the scheduler would write and the PlacementDecision slices it would publish. */
public record PlannedPlacement(Placement placement, List<PlacementDecision> slices) {
}
