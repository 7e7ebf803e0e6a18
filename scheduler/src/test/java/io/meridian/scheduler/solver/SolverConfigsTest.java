package io.meridian.scheduler.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.plan.PlanSummary;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.workload.FleetGenerator;
import io.meridian.scheduler.workload.Workload;
import io.meridian.scheduler.workload.WorkloadSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;

class SolverConfigsTest {

    private static final Instant NOW = FleetGenerator.SINCE.toInstant().plusSeconds(3600);

    /**
     * A fleet about 95% full of a packing that satisfies every placement's cpu and memory requests:
     * construction in the order of difficulty alone leaves slots empty here; by request size first,
     * then with the repair phase, every placement gets every cluster it asks for, within capacity.
     */
    @Test
    void aTightFleetThatHasRoomForEveryPlacementSatisfiesEveryPlacement() {
        Workload workload = FleetGenerator.generate(WorkloadSpec.of(300, 200, true, 42));
        Fleet fleet = new FactMapper(FleetOptions.defaults()).fleet(workload.profiles(), Map.of());

        Map<String, List<ClusterProfileRef>> decisions = new LinkedHashMap<>();
        new FleetScheduler(SchedulingOptions.defaults()).schedule(fleet, workload.placements(), NOW)
                .forEach((key, outcome) -> decisions.put(key,
                        outcome.decisions().stream().map(Decision::clusterProfileRef).toList()));

        PlanSummary summary = PlanSummary.of(fleet, workload.placements(), decisions, NOW);
        assertThat(summary.satisfied()).isEqualTo(summary.pickN()).isEqualTo(200);
        assertThat(summary.overCapacity()).isZero();
        assertThat(summary.spreadKept()).isEqualTo(summary.spreadPlacements());
    }

    /**
     * Construction and repair are paid in full; local search gets a few passes over a small
     * search space but a fixed count of calculations on a large one, whose returns are small,
     * so that it ends long before the time limit and the decision never depends on the machine.
     */
    @Test
    void localSearchEndsAfterAFixedCountOfCalculationsOnLargeProblems() {
        long repair = (long) SolverConfigs.REPAIR_STEPS * SolverConfigs.REPAIR_MOVES_PER_STEP;

        assertThat(searchLimit(1_000)).isEqualTo(1_000 + repair + SolverConfigs.MIN_SEARCH_CALCULATIONS);
        assertThat(searchLimit(20_000)).isEqualTo(20_000 + repair + SolverConfigs.SEARCH_PASSES * 20_000);
        assertThat(searchLimit(5_000_000)).isEqualTo(5_000_000 + repair + SolverConfigs.MAX_SEARCH_CALCULATIONS);
    }

    /**
     * A pass that re-decides a few slots beside many settled ones gives up early when nothing
     * improves; a large solve keeps the configured patience.
     */
    @Test
    void localSearchPatienceGrowsWithTheSlotsToFill() {
        long configured = SchedulingOptions.defaults().unimprovedSteps();

        assertThat(unimprovedLimit(10)).isEqualTo(SolverConfigs.MIN_UNIMPROVED_STEPS);
        assertThat(unimprovedLimit(100)).isEqualTo(100 * SolverConfigs.UNIMPROVED_STEPS_PER_SLOT);
        assertThat(unimprovedLimit(20_000)).isEqualTo(configured);
    }

    private static long searchLimit(long searchSpace) {
        return localSearch(searchSpace, 1).getTerminationConfig().getScoreCalculationCountLimit();
    }

    private static long unimprovedLimit(long slots) {
        return localSearch(slots * 10, slots).getTerminationConfig().getUnimprovedStepCountLimit();
    }

    private static LocalSearchPhaseConfig localSearch(long searchSpace, long slots) {
        return (LocalSearchPhaseConfig) SolverConfigs.fleetSchedule(SchedulingOptions.defaults(), searchSpace, slots)
                .getPhaseConfigList().get(2);
    }
}
