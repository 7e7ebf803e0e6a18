package io.meridian.scheduler.fleet;

/** A ClusterProfile condition as the scheduler sees it; {@link #MISSING} when the manager never set it. */
public enum ConditionState {
    TRUE, FALSE, UNKNOWN, MISSING;

    static ConditionState of(String status) {
        if (status == null) {
            return UNKNOWN;
        }
        return switch (status) {
            case "True" -> TRUE;
            case "False" -> FALSE;
            default -> UNKNOWN;
        };
    }
}
