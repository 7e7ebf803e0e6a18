package io.meridian.api.inventory;

import io.kubernetes.client.openapi.models.V1Condition;
import java.util.List;

/**
 * What the cluster manager observed. Access and credential providers are not read by the
 * scheduler, so they are not modelled.
 */
public record ClusterProfileStatus(List<V1Condition> conditions, List<Property> properties, Version version) {
}
