package io.meridian.scheduler.testing;

import static io.meridian.scheduler.placement.Placements.pickN;
import static io.meridian.scheduler.placement.Placements.placement;
import static io.meridian.scheduler.placement.Placements.withDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.testing.Convergence.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The convergence rules the fault scenarios rely on, each shown to catch what it is for. */
class ConvergenceTest {

    private final DecisionSlicer slicer = new DecisionSlicer();

    private static Placement web(String... clusters) {
        Placement web = withDecisions(placement("web", pickN(2)), clusters);
        web.metadata().uid("uid-web");
        return web;
    }

    private List<PlacementDecision> slicesOf(Placement placement) {
        return slicer.slices(placement, placement.status().decisions());
    }

    @Test
    void aPlacementWhoseSlicesMatchItsStatusIsConverged() {
        Placement web = web("eu-1", "us-1");

        assertThat(Convergence.problems(new Snapshot(List.of(web), slicesOf(web)))).isEmpty();
    }

    @Test
    void aNewerGenerationIsNotConverged() {
        Placement web = web("eu-1", "us-1");
        web.metadata().generation(2L);

        assertThat(Convergence.problems(new Snapshot(List.of(web), slicesOf(web))))
                .containsExactly("apps/web: observedGeneration 1, generation 2");
    }

    @Test
    void aPlacementWithoutStatusIsNotConverged() {
        Placement web = placement("web", pickN(2));

        assertThat(Convergence.problems(new Snapshot(List.of(web), List.of())))
                .containsExactly("apps/web: observedGeneration null, generation 1");
    }

    @Test
    void slicesThatDifferFromTheStatusAreNotConverged() {
        Placement web = web("eu-1", "us-1");
        List<PlacementDecision> stale = slicesOf(web("eu-1", "ap-1"));

        assertThat(Convergence.problems(new Snapshot(List.of(web), stale)))
                .containsExactly("apps/web: slices list [fleet/ap-1, fleet/eu-1], status.decisions [fleet/eu-1, fleet/us-1]");
    }

    @Test
    void aSliceWhosePlacementIsGoneOrReplacedIsAnOrphan() {
        Placement web = web("eu-1");
        Placement replaced = web("eu-1");
        replaced.metadata().uid("uid-new");
        List<PlacementDecision> gone = slicer.slices(placement("gone", pickN(1)), web.status().decisions());

        assertThat(Convergence.problems(new Snapshot(List.of(), gone)))
                .containsExactly("orphan slice apps/gone-decision-0 of apps/gone");
        assertThat(Convergence.problems(new Snapshot(List.of(replaced), slicesOf(web))))
                .containsExactly("orphan slice apps/web-decision-0 of apps/web");
    }
}
