package io.meridian.scheduler.placement;

import java.util.List;
import java.util.stream.Collectors;

/** Either a {@link PlacementRequest} or the violations that prevent one. */
public record ValidationResult(PlacementRequest request, List<SpecViolation> violations) {

    public boolean isValid() {
        return violations.isEmpty();
    }

    /** One line a person can act on, for the {@code Misconfigured} condition. */
    public String message() {
        return violations.stream().map(SpecViolation::toString).collect(Collectors.joining("; "));
    }
}
