package io.meridian.api.tenancy;

import io.kubernetes.client.openapi.models.V1Condition;
import java.util.List;

/**
 * What Meridian found for the bound clusterset.
 *
 * @param observedGeneration the metadata.generation this status answers
 * @param numberOfClusters   how many ClusterProfiles Meridian reads are in the clusterset
 * @param conditions         {@link #CLUSTERSET_FOUND}
 */
public record ClusterSetBindingStatus(Long observedGeneration, Integer numberOfClusters,
                                      List<V1Condition> conditions) {

    /** True when at least one ClusterProfile is in the clusterset. */
    public static final String CLUSTERSET_FOUND = "ClusterSetFound";
    public static final String REASON_FOUND = "ClusterSetFound";
    public static final String REASON_NOT_FOUND = "ClusterSetNotFound";
}
