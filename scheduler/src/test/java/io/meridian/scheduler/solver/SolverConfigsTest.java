package io.meridian.scheduler.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.placement.Decision;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import io.meridian.scheduler.workload.FleetGenerator;
import io.meridian.scheduler.workload.Workload;
import io.meridian.scheduler.workload.WorkloadSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SolverConfigsTest {

    private static final Instant NOW = FleetGenerator.SINCE.toInstant().plusSeconds(3600);

    /**
     * A fleet about 95% full of a packing that satisfies every placement: construction alone, which
     * fills the most wanted clusters first, leaves a slot empty here; the repair phase finds the
     * placement that can make room.
     */
    @Test
    void aTightFleetThatHasRoomForEveryPlacementSatisfiesEveryPlacement() {
        Workload workload = FleetGenerator.generate(WorkloadSpec.of(300, 200, true, 42));
        Fleet fleet = new FactMapper(FleetOptions.defaults()).fleet(workload.profiles(), Map.of());

        Map<String, PlacementOutcome> outcomes = new FleetScheduler(SchedulingOptions.defaults())
                .schedule(fleet, workload.placements(), NOW);

        Map<String, Integer> load = new HashMap<>();
        workload.placements().forEach(placement -> {
            PlacementOutcome outcome = outcomes.get(placement.key());
            assertThat(outcome.decisions()).as(placement.key()).hasSize(placement.spec().numberOfClusters());
            outcome.decisions().stream().map(Decision::clusterProfileRef)
                    .forEach(ref -> load.merge(ref.name(), 1, Integer::sum));
        });
        fleet.clusters().forEach(cluster -> assertThat(load.getOrDefault(cluster.ref().name(), 0))
                .as(cluster.ref().name()).isLessThanOrEqualTo(cluster.capacity()));
    }
}
