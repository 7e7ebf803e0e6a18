package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clusters a placement selected before and the spec generation they were decided for: what
 * stability keeps. Read from the Placement's status.
 *
 * @param clusters   the selected clusters; empty when nothing was decided
 * @param generation the spec generation they answer, or null when unknown
 */
public record PreviousDecision(Set<ClusterProfileRef> clusters, Long generation) {

    public static final PreviousDecision NONE = new PreviousDecision(Set.of(), null);

    public PreviousDecision {
        clusters = Set.copyOf(clusters);
    }

    public static PreviousDecision of(Placement placement) {
        PlacementStatus status = placement.status();
        if (status == null || status.decisions() == null) {
            return NONE;
        }
        Set<ClusterProfileRef> current = new TreeSet<>();
        for (Decision decision : status.decisions()) {
            if (decision != null && decision.clusterProfileRef() != null && decision.clusterProfileRef().name() != null) {
                current.add(decision.clusterProfileRef());
            }
        }
        return new PreviousDecision(current, status.observedGeneration());
    }

    /** Decided for this spec generation, so the spec has not changed since. */
    public boolean isFor(Long specGeneration) {
        return generation != null && Objects.equals(generation, specGeneration);
    }
}
