package io.meridian.scheduler.placement;

/** Whether a placement keeps its clusters while its spec is unchanged. */
public enum Stability {
    /** Current clusters stay until they become ineligible or the count changes. */
    STEADY,
    /** Decided afresh on every pass; current clusters win only ties. */
    NONE
}
