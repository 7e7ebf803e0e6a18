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
    /**
     * The CRD's maximum of tolerationSeconds, 10^18 (about 3·10^10 years): far inside a Java long,
     * so the API server's floating-point comparison can never let through a value that does not
     * fit. Anything this large means "for a very long time".
     */
    public static final long MAX_TOLERATION_SECONDS = 1_000_000_000_000_000_000L;
}
