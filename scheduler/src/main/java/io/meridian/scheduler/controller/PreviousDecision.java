package io.meridian.scheduler.controller;

import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The status a pass starts from: what Meridian itself last wrote, never an edit by someone else.
 * Stability (keep the current clusters), pinning (decided for this generation) and a
 * misconfigured placement's kept decision all rest on it, so an edited {@code status.decisions}
 * is reverted rather than adopted and published. In order of trust:
 * <ol>
 *   <li>the record of this leader's own writes ({@link OwnWrites});</li>
 *   <li>after a restart or failover, the API server's status when Meridian's field manager is
 *       its only owner (managedFields), which holds exactly what a Meridian replica applied;</li>
 *   <li>otherwise the clusters in the slices owned by this Placement, again only where
 *       Meridian's field manager alone owns their decisions; without a generation, such a placement is solved
 *       again, preferring those clusters;</li>
 *   <li>otherwise nothing: the placement is solved afresh.</li>
 * </ol>
 */
@Component
public class PreviousDecision {

    private static final Logger log = LoggerFactory.getLogger(PreviousDecision.class);
    private static final List<String> STATUS_FIELDS = List.of("observedGeneration", "decisions");

    private final OwnWrites ownWrites;

    public PreviousDecision(OwnWrites ownWrites) {
        this.ownWrites = ownWrites;
    }

    /** @param slices the Placement's slices as the API server holds them */
    PlacementStatus of(Placement placement, List<PlacementDecision> slices) {
        Optional<PlacementStatus> written = ownWrites.status(placement);
        if (written.isPresent()) {
            return written.get();
        }
        if (placement.status() != null && FieldOwnership.soleOwner(placement.metadata(), ApplyClient.FIELD_MANAGER,
                "status", STATUS_FIELDS)) {
            ownWrites.adopt(placement);
            return placement.status();
        }
        List<PlacementDecision> ours = slices.stream()
                .filter(slice -> SliceWriter.ownedBy(slice, placement))
                .filter(slice -> FieldOwnership.soleOwner(slice.metadata(), ApplyClient.FIELD_MANAGER, "decisions",
                        List.of()))
                .toList();
        if (placement.status() != null) {
            log.info("{}: status not written by Meridian alone; starting from {} of its slices", placement.key(),
                    ours.size());
        }
        if (ours.isEmpty()) {
            return null;
        }
        List<Decision> decisions = ours.stream()
                .flatMap(slice -> slice.decisions() == null ? Stream.empty() : slice.decisions().stream())
                .filter(Objects::nonNull)
                .filter(d -> d.clusterProfileRef() != null && d.clusterProfileRef().name() != null)
                .map(d -> new Decision(d.clusterProfileRef(), 0L, d.reason()))
                .distinct()
                .sorted(Comparator.comparing(Decision::clusterProfileRef))
                .toList();
        return new PlacementStatus(null, decisions.size(), decisions, null, null, null);
    }
}
