package io.meridian.scheduler.solver;

import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicType;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.score.director.ScoreDirectorFactoryConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/** The solver configuration, in code so that the knobs come from {@link SchedulingOptions}. */
public final class SolverConfigs {

    private SolverConfigs() {
    }

    /**
     * Late acceptance never finishes a step when every move is worse (a warm start that is already
     * optimal), so besides the step limits local search is bounded by a count of score
     * calculations, which keeps it deterministic: a few passes over the search space, at least
     * {@link #MIN_SEARCH_CALCULATIONS} and at most {@link #CALCULATIONS_PER_STEP} per step.
     */
    static final long CALCULATIONS_PER_STEP = 20;
    static final long SEARCH_PASSES = 4;
    static final long MIN_SEARCH_CALCULATIONS = 10_000;

    public static SolverConfig fleetSchedule(SchedulingOptions options) {
        return fleetSchedule(options, 0);
    }

    /**
     * @param searchSpace slots to fill times their candidate clusters: what construction evaluates.
     *                    The calculation count is cumulative over phases, so it is added in.
     */
    public static SolverConfig fleetSchedule(SchedulingOptions options, long searchSpace) {
        long search = Math.min(options.localSearchSteps() * CALCULATIONS_PER_STEP,
                Math.max(MIN_SEARCH_CALCULATIONS, SEARCH_PASSES * searchSpace));
        return new SolverConfig()
                .withSolutionClass(FleetSchedule.class)
                .withEntityClasses(ClusterAssignment.class)
                // Bavet: the pure-Java constraint streams, faster here than the Drools-based ones.
                .withScoreDirectorFactory(new ScoreDirectorFactoryConfig()
                        .withConstraintProviderClass(FleetConstraintProvider.class)
                        .withConstraintStreamImplType(ConstraintStreamImplType.BAVET))
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
                                        .withScoreCalculationCountLimit(searchSpace + search)));
    }

    /** For tests: the same configuration a scheduler would use. */
    public static SolverFactory<FleetSchedule> factory(SchedulingOptions options) {
        return SolverFactory.create(fleetSchedule(options));
    }
}
