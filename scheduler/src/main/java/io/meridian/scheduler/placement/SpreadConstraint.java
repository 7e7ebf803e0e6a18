package io.meridian.scheduler.placement;

/**
 * A validated topology spread constraint.
 *
 * @param topologyKey property, or label when no property has that name
 * @param maxSkew     the largest difference allowed between the fullest and the emptiest domain
 * @param required    DoNotSchedule (a requirement) rather than ScheduleAnyway (a preference)
 * @param minDomains  with fewer eligible domains, the emptiest domain counts as 0; 1 when not given
 */
public record SpreadConstraint(String topologyKey, int maxSkew, boolean required, int minDomains) {

    /** How a reason names it, for example {@code topology spread on location (maxSkew 1)}. */
    public String describe() {
        return "topology spread on " + Wording.value(topologyKey) + " (maxSkew " + maxSkew
                + (minDomains > 1 ? ", minDomains " + minDomains : "") + (required ? "" : ", ScheduleAnyway") + ")";
    }
}
