package io.meridian.scheduler.solver;

import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;

/**
 * The levels of the score, highest first. Each level outweighs any sum of the levels below it
 * because each has its own place in a {@link BendableLongScore}, which compares level by level:
 * no weight of a lower level, however large the spec makes it, can make up for one point above.
 */
public enum ScoreLevel {
    /** What a decision must never contain: ineligible clusters, duplicates, exceeded capacity or resources. */
    RULES(true, 0),
    /** DoNotSchedule topology spread: a requirement, above filling every slot. */
    REQUIRED_SPREAD(true, 1),
    /** Every slot a PickN placement asks for is filled when an eligible cluster can take it. */
    FILL(true, 2),
    /** Current clusters of a Steady placement whose spec is unchanged. */
    STABILITY(false, 0),
    /** Preferences, ScheduleAnyway spread and load balance, weighed against each other. */
    RANKING(false, 1),
    /** The fleet's resource strategy, Spread or Pack, among clusters ranked equal. */
    UTILIZATION(false, 2),
    /** Among equally ranked clusters, the current ones. */
    TIE_BREAK(false, 3);

    public static final int HARD_LEVELS = 3;
    public static final int SOFT_LEVELS = 4;

    private final boolean hard;
    private final int index;

    ScoreLevel(boolean hard, int index) {
        this.hard = hard;
        this.index = index;
    }

    /** One point on this level and nothing elsewhere: the weight of a constraint of this level. */
    public BendableLongScore unit() {
        return hard ? BendableLongScore.ofHard(HARD_LEVELS, SOFT_LEVELS, index, 1)
                : BendableLongScore.ofSoft(HARD_LEVELS, SOFT_LEVELS, index, 1);
    }

    /** This level's part of a score. */
    public long of(BendableLongScore score) {
        return hard ? score.hardScore(index) : score.softScore(index);
    }
}
