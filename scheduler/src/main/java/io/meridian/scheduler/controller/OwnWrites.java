package io.meridian.scheduler.controller;

import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * What this replica wrote last: each Placement's status and each PlacementDecision slice. The
 * watch event echoing one of these writes starts no pass, while an edit by anyone else differs
 * from the record and does; and the previous decision a pass keeps for stability is the status
 * recorded here, not whatever the API server holds now (see {@link PreviousDecision}).
 *
 * <p>Writes are noted before they are sent, since their watch event can arrive before the
 * response, and put back as they were when the write fails.
 */
@Component
public class OwnWrites {

    private record WrittenStatus(String uid, PlacementStatus status) {
    }

    private final Map<String, WrittenStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, PlacementDecision> slices = new ConcurrentHashMap<>();
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();

    /** The status last written to (or adopted for) this very Placement, not one of the same name before it. */
    Optional<PlacementStatus> status(Placement placement) {
        WrittenStatus written = statuses.get(placement.key());
        return written == null || !Objects.equals(written.uid(), placement.metadata().getUid())
                ? Optional.empty() : Optional.of(written.status());
    }

    /** Meridian's status, about to be written, or found as Meridian left it. */
    void wrote(Placement placement, PlacementStatus status) {
        statuses.put(placement.key(), new WrittenStatus(placement.metadata().getUid(), status));
    }

    /** A status write failed: the record goes back to what was there before. */
    void restore(Placement placement, Optional<PlacementStatus> before) {
        before.ifPresentOrElse(status -> wrote(placement, status), () -> statuses.remove(placement.key()));
    }

    /** The Placement's current status is the one recorded: the event is the echo of our own write. */
    boolean isEcho(Placement placement) {
        return status(placement).map(status -> status.equals(placement.status())).orElse(false);
    }

    void forget(Placement placement) {
        statuses.remove(placement.key());
    }

    void wrote(PlacementDecision slice) {
        slices.put(key(slice), slice);
    }

    /** A slice write failed: nothing is known about what the API server holds now. */
    void notWritten(PlacementDecision slice) {
        slices.remove(key(slice));
    }

    /** The slice as the API server holds it carries everything Meridian last wrote to it. */
    boolean isEcho(PlacementDecision slice) {
        PlacementDecision written = slices.get(key(slice));
        return written != null && SliceWriter.sameSlice(written, slice);
    }

    void deleting(PlacementDecision slice) {
        slices.remove(key(slice));
        deleting.add(key(slice));
    }

    void notDeleted(PlacementDecision slice) {
        deleting.remove(key(slice));
    }

    /** Whether this deletion was ours; the answer is given once, for its one watch event. */
    boolean isOwnDelete(PlacementDecision slice) {
        return deleting.remove(key(slice));
    }

    void forget(PlacementDecision slice) {
        slices.remove(key(slice));
    }

    /** Everything is forgotten, as in a replica that has just started. */
    void clear() {
        statuses.clear();
        slices.clear();
        deleting.clear();
    }

    private static String key(PlacementDecision slice) {
        return slice.metadata().getNamespace() + "/" + slice.metadata().getName();
    }
}
