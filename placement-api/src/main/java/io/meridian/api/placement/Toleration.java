package io.meridian.api.placement;

/**
 * Lets a placement select clusters with a matching taint, as in Open Cluster Management. The
 * general form names the taint by {@code key}, {@code operator}, {@code value} and {@code effect};
 * the short form {@code condition: Unhealthy} or {@code condition: NotJoined} stands for
 * {@code key: cluster.meridian.io/unhealthy} or {@code cluster.meridian.io/not-joined} with
 * {@code operator: Exists}.
 *
 * @param condition         short form: {@code Unhealthy} or {@code NotJoined}; excludes key, operator, value and effect
 * @param key               the taint key; empty with operator Exists tolerates every taint
 * @param operator          {@code Equal} (the default: key and value must match) or {@code Exists} (any value)
 * @param value             the taint value for Equal
 * @param effect            the effect tolerated; empty tolerates every effect
 * @param tolerationSeconds with a value, only clusters already selected stay, and only until the
 *                          taint has lasted that long; without, tainted clusters can also be selected
 */
public record Toleration(String condition, String key, String operator, String value, String effect,
                         Long tolerationSeconds) {

    public static final String UNHEALTHY = "Unhealthy";
    public static final String NOT_JOINED = "NotJoined";
    public static final String EQUAL = "Equal";
    public static final String EXISTS = "Exists";
    /** The CRD's maximum of tolerations. */
    public static final int MAX_TOLERATIONS = 32;
    /**
     * The CRD's maximum of tolerationSeconds, 10^18 (about 3·10^10 years): far inside a Java long,
     * so the API server's floating-point comparison can never let through a value that does not
     * fit. Anything this large means "for a very long time".
     */
    public static final long MAX_TOLERATION_SECONDS = 1_000_000_000_000_000_000L;

    /** The short form: a toleration of the Unhealthy or NotJoined built-in taint. */
    public Toleration(String condition, Long tolerationSeconds) {
        this(condition, null, null, null, null, tolerationSeconds);
    }

    /** The general form. */
    public static Toleration of(String key, String operator, String value, String effect, Long tolerationSeconds) {
        return new Toleration(null, key, operator, value, effect, tolerationSeconds);
    }
}
