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
 * response, and put back as they were when the write fails. Each notes the resourceVersion it
 * was written over: while the informer cache still shows that version, the write is not in the
 * cache yet, and a pass that runs meanwhile does not write the same thing again.
 */
@Component
public class OwnWrites {

    /** @param over the resourceVersion the status was written over; null when it was found, not written */
    private record WrittenStatus(String uid, PlacementStatus status, String over) {
    }

    /** @param over the resourceVersion of the slice it was written over; null when it was created */
    private record WrittenSlice(PlacementDecision slice, String over) {
    }

    private final Map<String, WrittenStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, WrittenSlice> slices = new ConcurrentHashMap<>();
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();

    /** The status last written to (or adopted for) this very Placement, not one of the same name before it. */
    Optional<PlacementStatus> status(Placement placement) {
        WrittenStatus written = statuses.get(placement.key());
        return written == null || !Objects.equals(written.uid(), placement.metadata().getUid())
                ? Optional.empty() : Optional.of(written.status());
    }

    /** Meridian's status, found as a Meridian replica left it. */
    void adopt(Placement placement) {
        statuses.put(placement.key(), new WrittenStatus(placement.metadata().getUid(), placement.status(), null));
    }

    /**
     * Meridian's status, about to be written over the Placement as cached.
     *
     * @return puts the record back as it was, for when the write fails
     */
    Runnable writing(Placement placement, PlacementStatus status) {
        WrittenStatus before = statuses.put(placement.key(), new WrittenStatus(placement.metadata().getUid(), status,
                placement.metadata().getResourceVersion()));
        return () -> {
            if (before == null) {
                statuses.remove(placement.key());
            } else {
                statuses.put(placement.key(), before);
            }
        };
    }

    /** This status was written over the cached Placement, and the cache does not show the write yet. */
    boolean isPending(Placement placement, PlacementStatus status) {
        WrittenStatus written = statuses.get(placement.key());
        return written != null && written.over() != null && Objects.equals(written.uid(), placement.metadata().getUid())
                && written.over().equals(placement.metadata().getResourceVersion()) && written.status().equals(status);
    }

    /** The Placement's current status is the one recorded: the event is the echo of our own write. */
    boolean isEcho(Placement placement) {
        return status(placement).map(status -> status.equals(placement.status())).orElse(false);
    }

    void forget(Placement placement) {
        statuses.remove(placement.key());
    }

    /** @param over the slice as cached, which the write replaces; null when there is none */
    void writing(PlacementDecision slice, PlacementDecision over) {
        deleting.remove(key(slice));
        slices.put(key(slice), new WrittenSlice(slice, over == null ? null : over.metadata().getResourceVersion()));
    }

    /** This slice was written over the cached one (or created), and the cache does not show the write yet. */
    boolean isPending(PlacementDecision slice, PlacementDecision cached) {
        WrittenSlice written = slices.get(key(slice));
        return written != null && SliceWriter.sameSlice(written.slice(), slice)
                && Objects.equals(written.over(), cached == null ? null : cached.metadata().getResourceVersion());
    }

    /** A slice write failed: nothing is known about what the API server holds now. */
    void notWritten(PlacementDecision slice) {
        slices.remove(key(slice));
    }

    /** The slice as the API server holds it carries everything Meridian last wrote to it. */
    boolean isEcho(PlacementDecision slice) {
        WrittenSlice written = slices.get(key(slice));
        return written != null && SliceWriter.sameSlice(written.slice(), slice);
    }

    void deleting(PlacementDecision slice) {
        slices.remove(key(slice));
        deleting.add(key(slice));
    }

    void notDeleted(PlacementDecision slice) {
        deleting.remove(key(slice));
    }

    /** Deleted by Meridian, and the cache does not show the deletion yet. */
    boolean isBeingDeleted(PlacementDecision slice) {
        return deleting.contains(key(slice));
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
