package io.meridian.api.placement;

import java.util.List;

/**
 * How eligible clusters are ranked; earlier entries of an ordered list are preferred.
 *
 * @param locations       ordered {@code location} property values
 * @param clusterSets     ordered clusterset names
 * @param propertySorters rank by numeric property values
 * @param preferredTerms  weighted selector terms, optionally ranking their clusters by a property
 */
public record Preferences(List<String> locations, List<String> clusterSets, List<PropertySorter> propertySorters,
                          List<PreferredTerm> preferredTerms) {

    /** Preferences without preferred terms. */
    public Preferences(List<String> locations, List<String> clusterSets, List<PropertySorter> propertySorters) {
        this(locations, clusterSets, propertySorters, null);
    }
}
