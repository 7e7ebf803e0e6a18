package io.meridian.scheduler.placement;

import io.meridian.api.placement.Placement;

/**
 * Identifies a placement's spec: its uid and generation. What is remembered of a placement between
 * passes (its predicate matches, its last outcome) holds while this stays the same; compared for
 * every placement on every pass, so without building a string.
 */
public record SpecVersion(String uid, long generation) {

    /** Null when either is unknown: nothing is then remembered for the placement. */
    public static SpecVersion of(Placement placement) {
        String uid = placement.metadata().getUid();
        Long generation = placement.metadata().getGeneration();
        return uid == null || generation == null ? null : new SpecVersion(uid, generation);
    }
}
