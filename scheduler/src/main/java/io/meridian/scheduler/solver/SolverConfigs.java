package io.meridian.scheduler.solver;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import org.optaplanner.core.config.constructionheuristic.placer.QueuedEntityPlacerConfig;
import org.optaplanner.core.config.heuristic.selector.common.SelectionCacheType;
import org.optaplanner.core.config.heuristic.selector.common.SelectionOrder;
import org.optaplanner.core.config.heuristic.selector.common.decorator.SelectionSorterOrder;
import org.optaplanner.core.config.heuristic.selector.entity.EntitySelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.ChangeMoveSelectorConfig;
import org.optaplanner.core.config.heuristic.selector.move.generic.SwapMoveSelectorConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import org.optaplanner.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import org.optaplanner.core.config.score.director.ScoreDirectorFactoryConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;
import org.optaplanner.core.impl.heuristic.selector.common.decorator.SelectionFilter;
import org.optaplanner.core.impl.heuristic.selector.common.decorator.SelectionSorterWeightFactory;
import org.optaplanner.core.impl.heuristic.selector.move.generic.SwapMove;

/** The solver configuration, in code so that the knobs come from {@link SchedulingOptions}. */
public final class SolverConfigs {

    private SolverConfigs() {
    }

    /**
     * Late acceptance never finishes a step when every move is worse (a warm start that is already
     * optimal), so besides the step limits local search is bounded by a count of score
     * calculations, which keeps it deterministic: a few passes over the search space, at least
     * {@link #MIN_SEARCH_CALCULATIONS} and at most {@link #CALCULATIONS_PER_STEP} per step. On
     * large fleets the returns diminish long before that (a few preference points in hundreds of
     * thousands), so it stops at {@link #MAX_SEARCH_CALCULATIONS} whatever the search space: a few
     * seconds, far from the time limit, whose cut would make the decision depend on the machine.
     */
    static final long CALCULATIONS_PER_STEP = 20;
    static final long SEARCH_PASSES = 4;
    static final long MIN_SEARCH_CALCULATIONS = 10_000;
    static final long MAX_SEARCH_CALCULATIONS = 100_000;
    /**
     * Local search gives up after this many steps without improvement per slot it solves (at least
     * {@link #MIN_UNIMPROVED_STEPS}, at most the configured limit). A pass that re-decides a few
     * dozen slots beside thousands of settled ones has little to search: construction already gives
     * each its best cluster, and 2,000 fruitless steps were most of a health flip's pass.
     */
    static final long UNIMPROVED_STEPS_PER_SLOT = 4;
    static final long MIN_UNIMPROVED_STEPS = 200;
    /**
     * Slots the construction left empty are repaired for at most this many steps, each the best of
     * {@link #REPAIR_MOVES_PER_STEP} moves that give an empty slot a cluster or trade it for another
     * placement's cluster.
     */
    static final int REPAIR_STEPS = 100;
    static final int REPAIR_MOVES_PER_STEP = 1_000;

    public static SolverConfig fleetSchedule(SchedulingOptions options) {
        return fleetSchedule(options, 0, 0);
    }

    /**
     * Construction, then a repair of the slots it could not fill, then late acceptance.
     *
     * <p>The construction takes slot after slot, each to its best cluster at the time. When
     * clusters have capacities it fills the most wanted ones first, and a slot that comes later
     * may find every cluster it could use full, although the fleet has room: another placement
     * would have to move first. Random single moves almost never find that pair among every slot
     * and cluster, so the repair phase looks only at empty slots: it gives one a cluster, or hands
     * an empty slot's emptiness to another placement that has room elsewhere, the best of a sample
     * each step, with recently moved slots taboo so it does not undo itself. It ends as soon as
     * every slot that can be filled is, which is at once when construction filled them all.
     *
     * @param searchSpace slots to fill times their candidate clusters: what construction evaluates.
     *                    The calculation count is cumulative over phases, so it is added in.
     * @param slots       slots to fill
     */
    public static SolverConfig fleetSchedule(SchedulingOptions options, long searchSpace, long slots) {
        long search = Math.min(options.localSearchSteps() * CALCULATIONS_PER_STEP,
                Math.min(MAX_SEARCH_CALCULATIONS, Math.max(MIN_SEARCH_CALCULATIONS, SEARCH_PASSES * searchSpace)));
        long repair = (long) REPAIR_STEPS * REPAIR_MOVES_PER_STEP;
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
                        construction(),
                        repair(),
                        new LocalSearchPhaseConfig()
                                .withTerminationConfig(new TerminationConfig()
                                        .withStepCountLimit((int) options.localSearchSteps())
                                        .withUnimprovedStepCountLimit((int) unimprovedSteps(options, slots))
                                        .withScoreCalculationCountLimit(searchSpace + repair + search)));
    }

    static long unimprovedSteps(SchedulingOptions options, long slots) {
        return Math.min(options.unimprovedSteps(), Math.max(MIN_UNIMPROVED_STEPS, UNIMPROVED_STEPS_PER_SLOT * slots));
    }

    /**
     * First fit decreasing, by the share of the fleet's capacity a placement's requests take, then
     * by difficulty (fewest eligible clusters first): big requests go first, while the fleet still
     * has room for them, as bin packing does. Without requests the order is difficulty alone.
     */
    private static ConstructionHeuristicPhaseConfig construction() {
        return new ConstructionHeuristicPhaseConfig()
                .withEntityPlacerConfig(new QueuedEntityPlacerConfig()
                        .withEntitySelectorConfig(new EntitySelectorConfig().withId(PLACED)
                                .withCacheType(SelectionCacheType.PHASE)
                                .withSelectionOrder(SelectionOrder.SORTED)
                                .withSorterWeightFactoryClass(RequestSize.class)
                                .withSorterOrder(SelectionSorterOrder.DESCENDING))
                        .withMoveSelectorConfigList(List.of(new ChangeMoveSelectorConfig()
                                .withEntitySelectorConfig(new EntitySelectorConfig().withMimicSelectorRef(PLACED)))));
    }

    private static final String PLACED = "placedSlot";

    /** How early construction places a slot: larger requests first, then the harder placement. */
    public static final class RequestSize implements SelectionSorterWeightFactory<FleetSchedule, ClusterAssignment> {

        private static final Comparator<ClusterAssignment> DIFFICULTY = new ClusterAssignment.DifficultyComparator();

        private record Weight(double share, ClusterAssignment assignment) implements Comparable<Weight> {
            @Override
            public int compareTo(Weight other) {
                int byShare = Double.compare(share, other.share);
                return byShare != 0 ? byShare : DIFFICULTY.compare(assignment, other.assignment);
            }
        }

        @Override
        public Comparable<Weight> createSorterWeight(FleetSchedule schedule, ClusterAssignment assignment) {
            double share = 0;
            for (Map.Entry<String, Long> request : assignment.getPlacement().requests().units().entrySet()) {
                long total = 0;
                for (Cluster cluster : schedule.getClusters()) {
                    if (cluster.resources().isKnown(request.getKey())) {
                        total += cluster.resources().capacityUnits(request.getKey());
                    }
                }
                share += total == 0 ? 1 : (double) request.getValue() / total;
            }
            return new Weight(share, assignment);
        }
    }

    /** Tabu search over moves of empty slots alone, until every hard level holds or its steps run out. */
    private static LocalSearchPhaseConfig repair() {
        return new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(new UnionMoveSelectorConfig(List.of(
                        new ChangeMoveSelectorConfig().withEntitySelectorConfig(emptySlots()),
                        new SwapMoveSelectorConfig().withEntitySelectorConfig(emptySlots())
                                .withSecondaryEntitySelectorConfig(new EntitySelectorConfig())
                                .withFilterClass(OtherPlacement.class))))
                .withAcceptorConfig(new LocalSearchAcceptorConfig().withMoveTabuSize(REPAIR_STEPS / 4))
                .withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(REPAIR_MOVES_PER_STEP))
                .withTerminationConfig(new TerminationConfig()
                        .withBestScoreFeasible(true)
                        .withStepCountLimit(REPAIR_STEPS));
    }

    private static EntitySelectorConfig emptySlots() {
        return new EntitySelectorConfig().withFilterClass(EmptySlot.class);
    }

    /** A slot of a placement with no cluster yet. */
    public static final class EmptySlot implements SelectionFilter<FleetSchedule, ClusterAssignment> {

        @Override
        public boolean accept(ScoreDirector<FleetSchedule> scoreDirector, ClusterAssignment assignment) {
            return assignment.getCluster() == null;
        }
    }

    /** A swap with a slot of another placement: within one placement a swap changes nothing. */
    public static final class OtherPlacement implements SelectionFilter<FleetSchedule, SwapMove<FleetSchedule>> {

        @Override
        public boolean accept(ScoreDirector<FleetSchedule> scoreDirector, SwapMove<FleetSchedule> move) {
            return ((ClusterAssignment) move.getLeftEntity()).getPlacement()
                    != ((ClusterAssignment) move.getRightEntity()).getPlacement();
        }
    }

    /** For tests: the same configuration a scheduler would use. */
    public static SolverFactory<FleetSchedule> factory(SchedulingOptions options) {
        return SolverFactory.create(fleetSchedule(options));
    }
}
