package io.meridian.scheduler.controller;

import io.kubernetes.client.extended.event.EventType;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Kubernetes Events on a Placement when its decision changes, its spec turns invalid or a write of it fails. */
@Component
public class DecisionEvents {

    static final String DECISION_CHANGED = "DecisionChanged";
    static final String MISCONFIGURED = "Misconfigured";
    static final String WRITE_FAILED = "WriteFailed";
    /** Events name at most this many clusters; the status has the full list. */
    private static final int MAX_NAMED = 10;
    /** Events carry at most 1 KiB of message; the log has the whole answer. */
    private static final int MAX_MESSAGE = 600;

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DecisionEvents.class);

    private final EventRecorder recorder;

    public DecisionEvents(EventRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Events are best effort: a failure to record one never fails the scheduling pass.
     *
     * @param hidden clusters of {@code before} the Placement's namespace may no longer see, named as the
     *               reason they left
     */
    void record(Placement placement, PlacementStatus before, PlacementStatus after, List<ClusterProfileRef> hidden) {
        try {
            recordChange(placement, before, after, hidden);
        } catch (RuntimeException e) {
            log.warn("event for {} not recorded: {}", placement.key(), e.toString());
        }
    }

    /** A write of the Placement's status or slices failed; it is retried with backoff. */
    void writeFailed(Placement placement, String kind, String object, ApiFailure failure) {
        try {
            recorder.event(placement, EventType.Warning, WRITE_FAILED, "Writing %s %s failed, retrying: %s %s: %s", kind,
                    object, Integer.toString(failure.code()), failure.reason(), shortened(failure.message()));
        } catch (RuntimeException e) {
            log.warn("event for {} not recorded: {}", placement.key(), e.toString());
        }
    }

    private void recordChange(Placement placement, PlacementStatus before, PlacementStatus after,
                              List<ClusterProfileRef> hidden) {
        if (isMisconfigured(after) && !isMisconfigured(before)) {
            String message = after.conditions().stream().filter(c -> Conditions.MISCONFIGURED.equals(c.getType()))
                    .findFirst().map(c -> c.getMessage()).orElse("invalid spec");
            recorder.event(placement, EventType.Warning, MISCONFIGURED, "%s", message);
            return;
        }
        Set<ClusterProfileRef> previous = clusters(before);
        Set<ClusterProfileRef> current = clusters(after);
        if (previous.equals(current)) {
            return;
        }
        Set<ClusterProfileRef> added = new TreeSet<>(current);
        added.removeAll(previous);
        Set<ClusterProfileRef> removed = new TreeSet<>(previous);
        removed.removeAll(current);
        Set<ClusterProfileRef> left = new TreeSet<>(hidden);
        left.retainAll(removed);
        String why = left.isEmpty() ? "" : "; " + names(left) + " left because namespace "
                + placement.metadata().getNamespace() + " may no longer use them: no ClusterSetBinding there binds"
                + " their clusterset";
        recorder.event(placement, EventType.Normal, DECISION_CHANGED, "Selected %s; added: %s; removed: %s%s",
                current.size() == 1 ? "1 cluster" : current.size() + " clusters", names(added), names(removed), why);
    }

    private static boolean isMisconfigured(PlacementStatus status) {
        return status != null && status.conditions() != null && status.conditions().stream()
                .anyMatch(c -> Conditions.MISCONFIGURED.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The clusters a status selects; none for no status. */
    static Set<ClusterProfileRef> clusters(PlacementStatus status) {
        return status == null || status.decisions() == null ? Set.of()
                : status.decisions().stream().map(Decision::clusterProfileRef)
                        .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String shortened(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
    }

    private static String names(Set<ClusterProfileRef> refs) {
        if (refs.isEmpty()) {
            return "none";
        }
        String shown = refs.stream().limit(MAX_NAMED).map(ref -> ref.namespace() + "/" + ref.name())
                .collect(Collectors.joining(", "));
        return refs.size() > MAX_NAMED ? shown + " and " + (refs.size() - MAX_NAMED) + " more" : shown;
    }
}
