package io.meridian.scheduler.controller;

import static io.meridian.scheduler.placement.Placements.pickN;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.decision.SliceNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SliceWriterTest {

    private static List<PlacementDecision> slicesOf(String name) {
        return new DecisionSlicer().slices(placement(name, pickN(1)),
                List.of(new Decision(new ClusterProfileRef("fleet", "a"), 0L, "r")));
    }

    /** Two long names that share their first 52 characters stay apart: slices are grouped by the full name. */
    @Test
    void groupsSlicesByTheFullPlacementName() {
        String first = "p".repeat(70) + "-one";
        String second = "p".repeat(70) + "-two";
        List<PlacementDecision> slices = new java.util.ArrayList<>(slicesOf(first));
        slices.addAll(slicesOf(second));

        Map<String, List<PlacementDecision>> byPlacement = SliceWriter.byPlacement(slices);

        assertThat(byPlacement).containsOnlyKeys("apps/" + first, "apps/" + second);
        assertThat(byPlacement.get("apps/" + first)).singleElement()
                .satisfies(s -> assertThat(s.metadata().getAnnotations()).containsEntry(SliceNames.PLACEMENT_NAME_ANNOTATION, first));
    }

    /** Slices written before the annotation existed are still found by their label. */
    @Test
    void slicesWithoutTheAnnotationAreFoundByTheirLabel() {
        PlacementDecision slice = slicesOf("web").get(0);
        slice.metadata().setAnnotations(null);

        assertThat(SliceWriter.byPlacement(List.of(slice))).containsOnlyKeys("apps/web");
        assertThat(slice.decisions()).extracting(ClusterDecision::reason).containsExactly("r");
    }
}
