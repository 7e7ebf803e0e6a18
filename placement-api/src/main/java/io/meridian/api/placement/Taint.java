package io.meridian.api.placement;

/**
 * A taint on a cluster, as in Open Cluster Management: placements that do not tolerate it do not
 * select the cluster ({@link #NO_SELECT}), prefer others ({@link #PREFER_NO_SELECT}), or keep it
 * only where it is already selected ({@link #NO_SELECT_IF_NEW}). Admins taint a ClusterProfile
 * with the {@link #ANNOTATION} annotation, a JSON list of taints, so that the status its cluster
 * manager owns is never touched. Fields stay strings, so that a garbage entry can be reported
 * instead of failing the whole list.
 *
 * @param key       a label-like key, for example {@code example.com/maintenance}
 * @param value     optional
 * @param effect    {@code NoSelect}, {@code PreferNoSelect} or {@code NoSelectIfNew}
 * @param timeAdded optional RFC 3339 time the taint was added; tolerationSeconds counts from it
 */
public record Taint(String key, String value, String effect, String timeAdded) {

    /** The ClusterProfile annotation holding admin taints, a JSON list of {@link Taint}. */
    public static final String ANNOTATION = "scheduling.meridian.io/taints";

    public static final String NO_SELECT = "NoSelect";
    public static final String PREFER_NO_SELECT = "PreferNoSelect";
    public static final String NO_SELECT_IF_NEW = "NoSelectIfNew";

    /** Built in: ControlPlaneHealthy is not True; the value is False, Unknown or Missing. */
    public static final String UNHEALTHY = "cluster.meridian.io/unhealthy";
    /** Built in: Joined is not True; the value is False, Unknown or Missing. */
    public static final String NOT_JOINED = "cluster.meridian.io/not-joined";
    /** Built in: the ClusterProfile is being deleted. No toleration covers it. */
    public static final String DELETING = "cluster.meridian.io/deleting";
    /** Built in: the taints annotation could not be read as a JSON list; tolerable like any other. */
    public static final String UNREADABLE = "cluster.meridian.io/unreadable-taints";
}
