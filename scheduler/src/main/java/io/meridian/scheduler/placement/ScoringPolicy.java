package io.meridian.scheduler.placement;

import java.util.List;

/**
 * How a placement is ranked beyond its preferences.
 *
 * @param spreadConstraints topology spread constraints, required ones and preferred ones
 * @param balanceWeight     how much load counts against the preferences
 * @param stability         whether current clusters are kept while the spec is unchanged
 */
public record ScoringPolicy(List<SpreadConstraint> spreadConstraints, int balanceWeight, Stability stability) {

    public ScoringPolicy {
        spreadConstraints = List.copyOf(spreadConstraints);
    }
}
