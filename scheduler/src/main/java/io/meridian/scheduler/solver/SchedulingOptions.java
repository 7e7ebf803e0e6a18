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
 * @param resourceStrategy           Spread or Pack the requests of PickN placements over clusters
 */
public record SchedulingOptions(Duration defaultUnhealthyToleration, long localSearchSteps, long unimprovedSteps,
                                Duration timeLimit, ResourceStrategy resourceStrategy) {

    public SchedulingOptions {
        resourceStrategy = resourceStrategy == null ? ResourceStrategy.Spread : resourceStrategy;
    }

    public SchedulingOptions(Duration defaultUnhealthyToleration, long localSearchSteps, long unimprovedSteps,
                             Duration timeLimit) {
        this(defaultUnhealthyToleration, localSearchSteps, unimprovedSteps, timeLimit, ResourceStrategy.Spread);
    }

    public static SchedulingOptions defaults() {
        return new SchedulingOptions(null, 20_000, 2_000, Duration.ofSeconds(60), ResourceStrategy.Spread);
    }

    public SchedulingOptions withResourceStrategy(ResourceStrategy strategy) {
        return new SchedulingOptions(defaultUnhealthyToleration, localSearchSteps, unimprovedSteps, timeLimit, strategy);
    }
}
