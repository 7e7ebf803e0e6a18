package io.meridian.api.placement;

/**
 * Inclusive bounds on a Kubernetes version. Omitted components of a bound are wildcards:
 * {@code maximum: "1.31"} admits every 1.31 patch release.
 */
public record VersionRange(String minimum, String maximum) {
}
