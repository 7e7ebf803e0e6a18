package io.meridian.api.placement;

/** Condition types and reasons written to {@link PlacementStatus#conditions()}. */
public final class Conditions {

    /** True once the scheduler has written a decision for the current generation. */
    public static final String SCHEDULED = "Scheduled";
    /** True when the decision holds as many clusters as the placement asks for. */
    public static final String SATISFIED = "Satisfied";
    /** True when the spec cannot be scheduled as written; the message says which field and why. */
    public static final String MISCONFIGURED = "Misconfigured";

    /**
     * With tenancy mode bindings: True when the clustersets the placement names are bound to its
     * namespace (and at least one is), False with the ones that are not.
     */
    public static final String CLUSTERSETS_BOUND = "ClusterSetsBound";

    /**
     * For a placement with resource requests: True when every selected cluster has room for them,
     * False naming the clusters and resources that are overcommitted (PickAll and PickFixed select
     * their clusters whatever the room; PickN only when nothing else is possible).
     */
    public static final String RESOURCES_FIT = "ResourcesFit";

    public static final String REASON_SCHEDULED = "Scheduled";
    public static final String REASON_RESOURCES_FIT = "ResourcesFit";
    public static final String REASON_OVERCOMMITTED = "Overcommitted";
    public static final String REASON_ALL_DECISIONS_SCHEDULED = "AllDecisionsScheduled";
    public static final String REASON_NOT_ENOUGH_CLUSTERS = "NotEnoughClusters";
    public static final String REASON_NO_CLUSTER_MATCHED = "NoClusterMatched";
    public static final String REASON_INVALID_SPEC = "InvalidSpec";
    public static final String REASON_SPEC_VALID = "SpecValid";
    public static final String REASON_CLUSTERSETS_BOUND = "ClusterSetsBound";
    public static final String REASON_CLUSTERSETS_NOT_BOUND = "ClusterSetsNotBound";
    public static final String REASON_NO_CLUSTERSET_BOUND = "NoClusterSetBound";

    private Conditions() {
    }
}
