package io.meridian.api.placement;

/**
 * Ranks the clusters that meet a preferred term by a numeric property (a plain number or a
 * Kubernetes quantity); the term's weight is the most one cluster earns.
 *
 * @param name  property name
 * @param order {@code Descending} (larger is better, the default) or {@code Ascending}
 */
public record ScopedPropertySorter(String name, String order) {
}
