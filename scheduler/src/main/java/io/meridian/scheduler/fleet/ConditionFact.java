package io.meridian.scheduler.fleet;

import java.time.Instant;

/**
 * One ClusterProfile condition reduced to its state and when that state began ({@code since} is
 * null when the profile did not say).
 */
public record ConditionFact(ConditionState state, Instant since) {

    public static final ConditionFact MISSING = new ConditionFact(ConditionState.MISSING, null);

    public boolean isTrue() {
        return state == ConditionState.TRUE;
    }
}
