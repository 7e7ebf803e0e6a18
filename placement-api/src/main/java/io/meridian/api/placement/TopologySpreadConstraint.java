package io.meridian.api.placement;

/**
 * Spreads the selected clusters over the values (domains) of a property or, when no property has
 * that name, a label, as Kubernetes' Pod topology spread does. The skew is the number of selected
 * clusters in the fullest domain minus the number in the emptiest, over the domains of the
 * placement's eligible clusters; a cluster without the key belongs to no domain.
 *
 * @param topologyKey       property or label name, for example {@code location}
 * @param maxSkew           the largest skew allowed, at least 1 (default 1)
 * @param whenUnsatisfiable {@code DoNotSchedule} (default): a requirement, a decision never exceeds
 *                          maxSkew even if that leaves clusters unselected; {@code ScheduleAnyway}:
 *                          a preference, weighed with the others
 * @param minDomains        with fewer eligible domains than this, the emptiest domain counts as 0;
 *                          only with DoNotSchedule
 */
public record TopologySpreadConstraint(String topologyKey, Integer maxSkew, String whenUnsatisfiable,
                                       Integer minDomains) {

    public static final String DO_NOT_SCHEDULE = "DoNotSchedule";
    public static final String SCHEDULE_ANYWAY = "ScheduleAnyway";
    /** The CRD's maximum of maxSkew and minDomains: no placement selects more clusters than this. */
    public static final int MAX = PlacementSpec.MAX_NUMBER_OF_CLUSTERS;
    /** The CRD's maximum number of constraints in one placement. */
    public static final int MAX_CONSTRAINTS = 8;
}
