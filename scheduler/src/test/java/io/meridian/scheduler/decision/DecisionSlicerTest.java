package io.meridian.scheduler.decision;

import static io.meridian.scheduler.placement.Placements.pickN;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DecisionSlicerTest {

    private final DecisionSlicer slicer = new DecisionSlicer();

    private static List<Decision> decisions(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Decision(new ClusterProfileRef("fleet", "cluster-%04d".formatted(i)), 0L, "r"))
                .toList();
    }

    @Test
    void splitsLargeDecisionsIntoSlicesOfAtMostOneHundredInOrder() {
        Placement web = placement("web", pickN(250));

        List<PlacementDecision> slices = slicer.slices(web, decisions(250));

        assertThat(slices).extracting(s -> s.decisions().size()).containsExactly(100, 100, 50);
        assertThat(slices).extracting(s -> s.metadata().getName())
                .containsExactly("web-decision-0", "web-decision-1", "web-decision-2");
        assertThat(slices.get(1).decisions().get(0).clusterProfileRef().name()).isEqualTo("cluster-0100");
        assertThat(slices).flatExtracting(PlacementDecision::decisions)
                .extracting(ClusterDecision::clusterProfileRef)
                .containsExactlyElementsOf(decisions(250).stream().map(Decision::clusterProfileRef).toList());
        assertThat(slices.get(2).metadata().getLabels())
                .containsEntry(PlacementDecision.PLACEMENT_KEY_LABEL, "web")
                .containsEntry(PlacementDecision.DECISION_KEY_LABEL, "web")
                .containsEntry(PlacementDecision.DECISION_INDEX_LABEL, "2");
        assertThat(slices).allSatisfy(s -> {
            assertThat(s.schedulerName()).isEqualTo(DecisionSlicer.SCHEDULER_NAME);
            assertThat(s.metadata().getNamespace()).isEqualTo("apps");
        });
    }

    @Test
    void aPlacementWithALongNameGetsShortenedLabelsAndItsFullNameInAnAnnotation() {
        String name = "n".repeat(200);

        PlacementDecision slice = slicer.slices(placement(name, pickN(1)), decisions(1)).get(0);

        assertThat(slice.metadata().getName()).isEqualTo(name + "-decision-0");
        assertThat(slice.metadata().getLabels().get(PlacementDecision.PLACEMENT_KEY_LABEL))
                .isEqualTo(SliceNames.labelValue(name)).hasSize(63)
                .isEqualTo(slice.metadata().getLabels().get(PlacementDecision.DECISION_KEY_LABEL));
        assertThat(slice.metadata().getAnnotations()).containsEntry(SliceNames.PLACEMENT_NAME_ANNOTATION, name);
    }

    @Test
    void writesOneEmptySliceWhenNothingIsSelected() {
        List<PlacementDecision> slices = slicer.slices(placement("web", pickN(1)), List.of());

        assertThat(slices).singleElement().satisfies(s -> assertThat(s.decisions()).isEmpty());
    }

    @Test
    void ownsSlicesWhenThePlacementHasAUid() {
        Placement web = placement("web", pickN(1));
        web.metadata().uid("1234");

        PlacementDecision slice = slicer.slices(web, decisions(1)).get(0);

        assertThat(slice.metadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo("1234");
            assertThat(owner.getKind()).isEqualTo(Placement.KIND);
            assertThat(owner.getController()).isTrue();
        });
    }

    @Test
    void keepsClustersInTheirSliceWhenTheDecisionChanges() {
        Placement web = placement("web", pickN(250));
        List<PlacementDecision> before = slicer.slices(web, decisions(250));
        // cluster-0000 leaves, three new clusters sort first.
        List<Decision> after = new java.util.ArrayList<>(decisions(250).subList(1, 250));
        for (String name : List.of("a-1", "a-2", "a-3")) {
            after.add(0, new Decision(new ClusterProfileRef("fleet", name), 0L, "r"));
        }

        List<PlacementDecision> slices = slicer.slices(web, after, before);

        for (int index = 0; index < before.size(); index++) {
            List<ClusterProfileRef> kept = before.get(index).decisions().stream()
                    .map(ClusterDecision::clusterProfileRef).filter(ref -> !ref.name().equals("cluster-0000")).toList();
            assertThat(slices.get(index).decisions()).extracting(ClusterDecision::clusterProfileRef).containsAll(kept);
        }
        assertThat(slices).extracting(s -> s.decisions().size()).containsExactly(100, 100, 52);
        assertThat(slices.get(2).decisions()).extracting(d -> d.clusterProfileRef().name())
                .contains("a-1", "a-2").isSortedAccordingTo(String::compareTo);
    }

    @Test
    void unchangedDecisionGivesEqualSlices() {
        Placement web = placement("web", pickN(150));
        List<PlacementDecision> before = slicer.slices(web, decisions(150));

        assertThat(slicer.slices(web, decisions(150), before)).isEqualTo(before);
    }
}
