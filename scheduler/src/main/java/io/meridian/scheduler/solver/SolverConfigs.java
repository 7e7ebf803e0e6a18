package io.meridian.scheduler.solver;

import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicType;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/** The solver configuration, in code so that the knobs come from {@link SchedulingOptions}. */
public final class SolverConfigs {

    private SolverConfigs() {
    }

    /**
     * Moves local search may evaluate per step on average. Late acceptance never finishes a step
     * when every move is worse (a warm start that is already optimal), so besides the step limits
     * the phase is bounded by a count of score calculations, which keeps it deterministic.
     */
    static final long CALCULATIONS_PER_STEP = 20;

    public static SolverConfig fleetSchedule(SchedulingOptions options) {
        return fleetSchedule(options, 0);
    }

    /**
     * @param constructionCalculations score calculations construction takes (slots times eligible
     *                                 clusters); the calculation count is cumulative over phases
     */
    public static SolverConfig fleetSchedule(SchedulingOptions options, long constructionCalculations) {
        return new SolverConfig()
                .withSolutionClass(FleetSchedule.class)
                .withEntityClasses(ClusterAssignment.class)
                .withConstraintProviderClass(FleetConstraintProvider.class)
                // Reproducible: a fixed seed and step-bounded phases give the same decision every run.
                .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
                .withRandomSeed(0L)
                .withTerminationConfig(new TerminationConfig().withSpentLimit(options.timeLimit()))
                .withPhases(
                        new ConstructionHeuristicPhaseConfig()
                                .withConstructionHeuristicType(ConstructionHeuristicType.FIRST_FIT_DECREASING),
                        new LocalSearchPhaseConfig()
                                .withTerminationConfig(new TerminationConfig()
                                        .withStepCountLimit((int) options.localSearchSteps())
                                        .withUnimprovedStepCountLimit((int) options.unimprovedSteps())
                                        .withScoreCalculationCountLimit(constructionCalculations
                                                + options.localSearchSteps() * CALCULATIONS_PER_STEP)));
    }

    /** For tests: the same configuration a scheduler would use. */
    static SolverFactory<FleetSchedule> factory(SchedulingOptions options) {
        return SolverFactory.create(fleetSchedule(options));
    }
}
