package io.meridian.api.placement;

/**
 * How a PickN placement weighs load and keeps its clusters.
 *
 * @param balanceWeight how much the load of a cluster counts against the preferences, 0 to
 *                      {@link #MAX_BALANCE_WEIGHT}, default {@link #DEFAULT_BALANCE_WEIGHT}
 * @param stability     {@code Steady} (default): while the spec is unchanged, the selected clusters
 *                      stay until they become ineligible or the count changes; {@code None}: the
 *                      placement is decided afresh whenever the ranking changes
 */
public record Scoring(Integer balanceWeight, String stability) {

    public static final String STEADY = "Steady";
    public static final String NONE = "None";
    public static final int DEFAULT_BALANCE_WEIGHT = 1;
    public static final int MAX_BALANCE_WEIGHT = 100;
}
