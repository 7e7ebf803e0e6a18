package io.meridian.scheduler.solver;

import java.time.Duration;

/**
 * Knobs of one scheduling run.
 *
 * @param defaultUnhealthyToleration how long an already selected cluster stays after turning
 *                                   unhealthy when its placement says nothing; null for not at all
 * @param localSearchSteps           local search steps after construction; bounded by steps rather
 *                                   than time so the same input always gives the same decision
 * @param unimprovedSteps            stop local search early after this many steps without improvement
 * @param timeLimit                  safety net for very large fleets; a run cut by it may differ
 *                                   between machines
 */
public record SchedulingOptions(Duration defaultUnhealthyToleration, long localSearchSteps, long unimprovedSteps,
                                Duration timeLimit) {

    public static SchedulingOptions defaults() {
        return new SchedulingOptions(null, 20_000, 2_000, Duration.ofSeconds(60));
    }
}
