package io.meridian.api.placement;

/**
 * Ranks clusters by a numeric property (a plain number or a Kubernetes quantity).
 *
 * @param name   property name
 * @param order  {@code Ascending} (smaller is better) or {@code Descending} (larger is better)
 * @param weight 1 to 10, relative to the other sorters
 */
public record PropertySorter(String name, String order, Integer weight) {

    public static final String ASCENDING = "Ascending";
    public static final String DESCENDING = "Descending";
    public static final int MIN_WEIGHT = 1;
    public static final int MAX_WEIGHT = 10;
}
