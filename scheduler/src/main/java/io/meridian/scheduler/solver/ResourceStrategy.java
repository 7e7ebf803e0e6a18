package io.meridian.scheduler.solver;

/**
 * How PickN placements with resource requests are spread over the clusters with room, fleet-wide.
 * A soft rule below every placement's preferences: it decides only between clusters ranked equal.
 */
public enum ResourceStrategy {
    /** Least utilised clusters first: requests spread evenly, leaving headroom everywhere (the default). */
    Spread,
    /** Fullest clusters first: requests fill clusters, keeping others free for large requests. */
    Pack
}
