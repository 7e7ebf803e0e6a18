package io.meridian.api.placement;

/**
 * Keeps clusters that are unhealthy or not joined selected.
 *
 * @param condition         {@code Unhealthy} or {@code NotJoined}
 * @param tolerationSeconds with a value, only clusters already selected stay, and only until the
 *                          condition has lasted that long; without, such clusters can also be selected
 */
public record Toleration(String condition, Long tolerationSeconds) {

    public static final String UNHEALTHY = "Unhealthy";
    public static final String NOT_JOINED = "NotJoined";
}
