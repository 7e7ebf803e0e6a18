package io.meridian.api.placement;

import java.util.List;

/** All requirements must hold (AND). */
public record PropertySelector(List<PropertyRequirement> matchExpressions) {
}
