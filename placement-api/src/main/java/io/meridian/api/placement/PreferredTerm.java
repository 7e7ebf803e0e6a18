package io.meridian.api.placement;

/**
 * A weighted preference, as KubeFleet's preferred cluster affinity: every eligible cluster that
 * meets {@code preference} earns {@code weight} (negative weights push clusters down). With a
 * {@code propertySorter}, a matching cluster earns the weight scaled by where its property value
 * lies between the smallest and the largest among the matching eligible clusters.
 *
 * @param weight         -100 to 100, not 0; 100 counts as much as the first preferred location
 * @param preference     which clusters the weight applies to; omitted means every cluster
 * @param propertySorter optional: scale the weight by a numeric property within the matching clusters
 */
public record PreferredTerm(Integer weight, ClusterSelectorTerm preference, ScopedPropertySorter propertySorter) {

    public static final int MIN_WEIGHT = -100;
    public static final int MAX_WEIGHT = 100;
    /** The CRD's maximum of preferred terms. */
    public static final int MAX_TERMS = 16;
}
