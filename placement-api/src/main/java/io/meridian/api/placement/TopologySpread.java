package io.meridian.api.placement;

/**
 * The older, single form of a spread constraint: the same as one entry of
 * {@code topologySpreadConstraints} with {@code whenUnsatisfiable: DoNotSchedule}.
 *
 * @param topologyKey property or label name
 * @param maxSkew     the largest difference allowed between the fullest and the emptiest domain, at least 1
 */
public record TopologySpread(String topologyKey, Integer maxSkew) {

    /** The CRD's maximum of maxSkew: no placement selects more clusters than this. */
    public static final int MAX_SKEW = PlacementSpec.MAX_NUMBER_OF_CLUSTERS;
}
