package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.Fleet;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A scheduler that decides placement by placement, the way the cluster managers' own schedulers do. */
interface BaselineScheduler {

    String name();

    /**
     * @param placements in creation order
     * @param current    what each placement selected before (empty on the first pass)
     * @return the selected clusters by placement key, in the order the placements were decided
     */
    Map<String, List<ClusterProfileRef>> schedule(Fleet fleet, List<Placement> placements,
                                                  Map<String, List<ClusterProfileRef>> current, Instant now);
}
