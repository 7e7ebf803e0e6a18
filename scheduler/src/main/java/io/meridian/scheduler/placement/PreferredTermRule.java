package io.meridian.scheduler.placement;

/**
 * A validated preferred term: clusters meeting {@code preference} earn {@code weight}, scaled by
 * {@code sorterProperty} among them when there is one.
 *
 * @param sorterProperty null for a plain weight
 * @param descending     larger values earn more; only with a sorter
 */
public record PreferredTermRule(int weight, SelectorTerm preference, String sorterProperty, boolean descending) {
}
