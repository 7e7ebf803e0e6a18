package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.decision.SliceNames;
import io.meridian.scheduler.placement.DecisionGroup;
import io.meridian.scheduler.placement.Placements;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SliceWriterTest {

    private final List<String> applied = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private final OwnWrites ownWrites = new OwnWrites();
    private final SliceWriter writer;

    SliceWriterTest() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ApplyClient api = new ApplyClient(new ApiClient()) {
            @Override
            public void apply(PlacementDecision slice) {
                applied.add(slice.metadata().getName());
            }

            @Override
            public void delete(PlacementDecision slice) {
                deleted.add(slice.metadata().getName());
            }
        };
        writer = new SliceWriter(api, ownWrites, new WriteFailures(meters, new DecisionEvents(null)), meters);
    }

    private static final Placement WEB = Placements.placement("web", Placements.pickN(1));

    static {
        WEB.metadata().uid("uid-web");
    }

    private static final List<Decision> DECISION = List.of(new Decision(new ClusterProfileRef("fleet", "eu-1"), 0L, "x"));

    private static PlacementDecision ours() {
        return new DecisionSlicer().slices(WEB, DECISION).get(0);
    }

    private static PlacementDecision slice(String name, String placementKey, String schedulerName) {
        Map<String, String> labels = new HashMap<>();
        if (placementKey != null) {
            labels.put(PlacementDecision.PLACEMENT_KEY_LABEL, placementKey);
        }
        return new PlacementDecision(PlacementDecision.API_VERSION, PlacementDecision.KIND,
                new V1ObjectMeta().namespace("apps").name(name).labels(labels),
                List.of(new ClusterDecision(new ClusterProfileRef("fleet", "us-9"), "injected")), schedulerName);
    }

    private static Map<String, List<String>> names(Map<String, List<PlacementDecision>> claimed) {
        Map<String, List<String>> names = new HashMap<>();
        claimed.forEach((key, slices) -> names.put(key, slices.stream().map(s -> s.metadata().getName()).sorted().toList()));
        return names;
    }

    @Test
    void claimsOwnedNamedAndUnnamedSlicesOfItsPlacementsButLeavesOtherSchedulersAlone() {
        PlacementDecision unlabelled = ours();
        unlabelled.metadata().setLabels(Map.of());
        PlacementDecision renamedScheduler = new PlacementDecision(ours().apiVersion(), ours().kind(),
                new V1ObjectMeta().namespace("apps").name("web-decision-1").labels(ours().metadata().getLabels())
                        .ownerReferences(ours().metadata().getOwnerReferences()), ours().decisions(), "someone");

        Map<String, List<String>> claimed = names(writer.byPlacement(List.of(unlabelled, renamedScheduler,
                slice("injected", "web", DecisionSlicer.SCHEDULER_NAME),
                slice("unnamed", "web", null),
                slice("unnamed-elsewhere", "other", null),
                slice("foreign", "web", "ocm"),
                slice("orphan", "gone", DecisionSlicer.SCHEDULER_NAME)), Set.of("apps/web")));

        assertThat(claimed).containsOnlyKeys("apps/web", "apps/gone");
        assertThat(claimed.get("apps/web")).containsExactly("injected", "unnamed", "web-decision-0", "web-decision-1");
        assertThat(claimed.get("apps/gone")).containsExactly("orphan");
    }

    @Test
    void writesBackAnEditedSliceAndDeletesInjectedOnes() {
        PlacementDecision edited = ours();
        edited.metadata().setLabels(Map.of(PlacementDecision.PLACEMENT_KEY_LABEL, "web"));
        List<PlacementDecision> existing = writer.byPlacement(List.of(edited,
                slice("web-decision-7", "web", DecisionSlicer.SCHEDULER_NAME)), Set.of("apps/web")).get("apps/web");

        boolean written = writer.write(WEB, DecisionGroup.single(DECISION), existing);

        assertThat(written).isTrue();
        assertThat(applied).containsExactly("web-decision-0");
        assertThat(deleted).containsExactly("web-decision-7");
        assertThat(ownWrites.isEcho(ours())).isTrue();
        assertThat(ownWrites.isOwnDelete(slice("web-decision-7", "web", null))).isTrue();
    }

    /** Two long names that share their first 52 characters stay apart: slices are grouped by the full name. */
    @Test
    void groupsUnownedSlicesByTheFullPlacementName() {
        String first = "p".repeat(70) + "-one";
        String second = "p".repeat(70) + "-two";
        List<PlacementDecision> slices = new ArrayList<>();
        for (String name : List.of(first, second)) {
            PlacementDecision slice = new DecisionSlicer().slices(Placements.placement(name, Placements.pickN(1)), DECISION).get(0);
            slice.metadata().setOwnerReferences(null); // as a reader sees a slice whose owner link was dropped
            slices.add(slice);
        }

        Map<String, List<PlacementDecision>> byPlacement = writer.byPlacement(slices, Set.of("apps/" + first, "apps/" + second));

        assertThat(byPlacement).containsOnlyKeys("apps/" + first, "apps/" + second);
        assertThat(byPlacement.get("apps/" + first)).singleElement().satisfies(slice ->
                assertThat(slice.metadata().getAnnotations()).containsEntry(SliceNames.PLACEMENT_NAME_ANNOTATION, first));
    }
}
