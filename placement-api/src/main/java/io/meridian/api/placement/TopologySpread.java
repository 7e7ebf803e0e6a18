package io.meridian.api.placement;

/**
 * Spread the selected clusters over the values of a property or, when no property has that name,
 * a label (for example {@code location}).
 *
 * @param topologyKey property or label name
 * @param maxSkew     how many more clusters one value may hold than an even split gives it, at least 1
 */
public record TopologySpread(String topologyKey, Integer maxSkew) {

    /** The CRD's maximum of maxSkew: no placement selects more clusters than this. */
    public static final int MAX_SKEW = PlacementSpec.MAX_NUMBER_OF_CLUSTERS;
}
