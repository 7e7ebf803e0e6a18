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

    private static List<Decision> named(String... names) {
        return java.util.Arrays.stream(names).map(n -> new Decision(new ClusterProfileRef("fleet", n), 0L, "r")).toList();
    }

    private static List<String> describe(List<PlacementDecision> slices) {
        return slices.stream().map(s -> s.metadata().getName().replace("web-decision-", "") + " "
                + s.metadata().getLabels().get(SliceNames.GROUP_INDEX_LABEL) + "/"
                + s.metadata().getLabels().get(SliceNames.GROUP_NAME_LABEL) + " "
                + s.decisions().stream().map(d -> d.clusterProfileRef().name()).toList()).toList();
    }

    @Test
    void eachDecisionGroupHasItsOwnLabelledSlices() {
        List<io.meridian.scheduler.placement.DecisionGroup> groups = List.of(
                new io.meridian.scheduler.placement.DecisionGroup(0, "canary", named("a", "b")),
                new io.meridian.scheduler.placement.DecisionGroup(1, "", named("c")),
                new io.meridian.scheduler.placement.DecisionGroup(2, "", named("d", "e")));

        List<PlacementDecision> slices = slicer.sliceGroups(placement("web", pickN(5)), groups, List.of());

        assertThat(describe(slices)).containsExactly("0 0/canary [a, b]", "1 1/ [c]", "2 2/ [d, e]");
        assertThat(slices).allSatisfy(s -> assertThat(s.metadata().getLabels())
                .containsKeys(PlacementDecision.PLACEMENT_KEY_LABEL, PlacementDecision.DECISION_KEY_LABEL,
                        PlacementDecision.DECISION_INDEX_LABEL));
    }

    @Test
    void aGroupLargerThanASliceTakesSeveralAndTheNextGroupTheFollowingIndexes() {
        List<PlacementDecision> slices = new DecisionSlicer(2).sliceGroups(placement("web", pickN(5)), List.of(
                new io.meridian.scheduler.placement.DecisionGroup(0, "canary", named("a", "b", "c")),
                new io.meridian.scheduler.placement.DecisionGroup(1, "", named("d"))), List.of());

        assertThat(describe(slices)).containsExactly("0 0/canary [a, b]", "1 0/canary [c]", "2 1/ [d]");
    }

    /** A cluster stays in its slice while it stays in its group; a group growing takes the lowest free index. */
    @Test
    void clustersStayInTheirSlicesWhileGroupsChangeAroundThem() {
        DecisionSlicer small = new DecisionSlicer(2);
        List<PlacementDecision> before = small.sliceGroups(placement("web", pickN(5)), List.of(
                new io.meridian.scheduler.placement.DecisionGroup(0, "canary", named("a", "b")),
                new io.meridian.scheduler.placement.DecisionGroup(1, "", named("c", "d"))), List.of());

        List<PlacementDecision> after = small.sliceGroups(placement("web", pickN(5)), List.of(
                new io.meridian.scheduler.placement.DecisionGroup(0, "canary", named("a", "b", "e")),
                new io.meridian.scheduler.placement.DecisionGroup(1, "", named("c", "d"))), before);
        List<PlacementDecision> regrouped = small.sliceGroups(placement("web", pickN(5)), List.of(
                new io.meridian.scheduler.placement.DecisionGroup(0, "canary", named("a", "c")),
                new io.meridian.scheduler.placement.DecisionGroup(1, "", named("b", "d"))), before);

        assertThat(describe(after)).containsExactly("0 0/canary [a, b]", "1 1/ [c, d]", "2 0/canary [e]");
        assertThat(describe(regrouped)).as("only the clusters that changed group move")
                .containsExactly("0 0/canary [a, c]", "1 1/ [b, d]");
    }

    /** Slices written before decision groups count as group 0 without a name: upgrading moves nothing. */
    @Test
    void slicesWithoutGroupLabelsBelongToGroupZero() {
        List<PlacementDecision> legacy = slicer.slices(placement("web", pickN(2)), named("a", "b")).stream()
                .map(s -> {
                    java.util.Map<String, String> labels = new java.util.HashMap<>(s.metadata().getLabels());
                    labels.remove(SliceNames.GROUP_INDEX_LABEL);
                    labels.remove(SliceNames.GROUP_NAME_LABEL);
                    s.metadata().setLabels(labels);
                    return s;
                }).toList();

        List<PlacementDecision> now = slicer.slices(placement("web", pickN(2)), named("a", "b", "c"), legacy);

        assertThat(describe(now)).containsExactly("0 0/ [a, b, c]");
    }

    @Test
    void thereIsAlwaysASliceZero() {
        DecisionSlicer small = new DecisionSlicer(1);
        List<PlacementDecision> before = small.slices(placement("web", pickN(2)), named("a", "b"));

        List<PlacementDecision> after = small.slices(placement("web", pickN(2)), named("b"), before);

        assertThat(describe(before)).containsExactly("0 0/ [a]", "1 0/ [b]");
        assertThat(describe(after)).containsExactly("0 0/ []", "1 0/ [b]");
    }
}
