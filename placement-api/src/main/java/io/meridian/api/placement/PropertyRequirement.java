package io.meridian.api.placement;

import java.util.List;

/**
 * A requirement on one ClusterProfile property.
 *
 * @param name     property name, for example {@code cpu.available}
 * @param operator {@link PropertyOperator}
 * @param values   candidates for In/NotIn, exactly one number or Kubernetes quantity for Gt/Ge/Lt/Le,
 *                 empty for Exists/DoesNotExist
 */
public record PropertyRequirement(String name, String operator, List<String> values) {
}
