package io.meridian.scheduler.placement;

/** A validated property sorter: larger values win when {@code descending}. */
public record PreferenceSorter(String property, boolean descending, int weight) {
}
