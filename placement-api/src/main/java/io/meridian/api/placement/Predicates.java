package io.meridian.api.placement;

import io.kubernetes.client.openapi.models.V1LabelSelector;

/**
 * Requirements a cluster must meet to be selected; all given ones must hold.
 *
 * @param labelSelector     over the ClusterProfile's labels
 * @param propertySelector  over {@code status.properties}
 * @param kubernetesVersion over {@code status.version.kubernetes}
 */
public record Predicates(V1LabelSelector labelSelector, PropertySelector propertySelector,
                         VersionRange kubernetesVersion) {
}
