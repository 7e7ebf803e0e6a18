package io.meridian.api.placement;

import io.kubernetes.client.openapi.models.V1LabelSelector;

/** Selects the members of a decision group by labels and properties (AND); empty matches every cluster. */
public record GroupClusterSelector(V1LabelSelector labelSelector, PropertySelector propertySelector) {
}
