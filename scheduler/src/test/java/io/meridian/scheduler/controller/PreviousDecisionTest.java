package io.meridian.scheduler.controller;

import static io.meridian.scheduler.placement.Placements.pickN;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.decision.DecisionSlicer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreviousDecisionTest {

    private static final Map<String, Object> MERIDIAN_STATUS = Map.of("f:status",
            Map.of("f:observedGeneration", Map.of(), "f:decisions", Map.of(), "f:conditions", Map.of()));

    private final OwnWrites ownWrites = new OwnWrites();
    private final PreviousDecision previous = new PreviousDecision(ownWrites);

    private static V1ManagedFieldsEntry managed(String manager, Map<String, Object> fields) {
        return new V1ManagedFieldsEntry().manager(manager).operation("Apply").subresource("status").fieldsV1(fields);
    }

    private static PlacementStatus status(long generation, String... clusters) {
        List<Decision> decisions = java.util.Arrays.stream(clusters)
                .map(name -> new Decision(new ClusterProfileRef("fleet", name), 10L, "location")).toList();
        return new PlacementStatus(generation, decisions.size(), decisions, List.of(), List.of(), 0);
    }

    private static Placement placement(PlacementStatus status, V1ManagedFieldsEntry... managers) {
        return new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace("apps").name("web")
                .uid("uid-web").generation(1L).managedFields(List.of(managers)), pickN(2), status);
    }

    private static PlacementDecision slice(Placement placement, V1ManagedFieldsEntry manager, String... clusters) {
        List<Decision> decisions = java.util.Arrays.stream(clusters)
                .map(name -> new Decision(new ClusterProfileRef("fleet", name), 0L, "location")).toList();
        PlacementDecision slice = new DecisionSlicer().slices(placement, decisions).get(0);
        slice.metadata().managedFields(List.of(manager));
        return slice;
    }

    @Test
    void whatThisLeaderWroteComesFirst() {
        Placement written = placement(status(1, "eu-1", "eu-2"), managed(ApplyClient.FIELD_MANAGER, MERIDIAN_STATUS));
        ownWrites.writing(written, written.status());
        Placement edited = placement(status(1, "eu-1", "us-1"), managed(ApplyClient.FIELD_MANAGER, MERIDIAN_STATUS));

        assertThat(previous.of(edited, List.of())).isEqualTo(status(1, "eu-1", "eu-2"));
    }

    @Test
    void afterARestartAStatusOnlyMeridianWroteIsAdopted() {
        Placement placement = placement(status(1, "eu-1", "eu-2"), managed(ApplyClient.FIELD_MANAGER, MERIDIAN_STATUS));

        assertThat(previous.of(placement, List.of())).isEqualTo(placement.status());
        assertThat(ownWrites.isEcho(placement)).isTrue();
    }

    @Test
    void afterARestartAStatusSomeoneElseEditedGivesWayToMeridiansSlices() {
        Placement placement = placement(status(1, "eu-1", "us-1"),
                managed(ApplyClient.FIELD_MANAGER, Map.of("f:status", Map.of("f:observedGeneration", Map.of(),
                        "f:conditions", Map.of()))),
                managed("kubectl-edit", Map.of("f:status", Map.of("f:decisions", Map.of()))));
        PlacementDecision ours = slice(placement, managed(ApplyClient.FIELD_MANAGER, Map.of("f:decisions", Map.of())),
                "eu-1", "eu-2");

        PlacementStatus from = previous.of(placement, List.of(ours));

        assertThat(from.decisions()).extracting(d -> d.clusterProfileRef().name()).containsExactly("eu-1", "eu-2");
        assertThat(from.observedGeneration()).as("not pinned: solved again, preferring these clusters").isNull();
    }

    @Test
    void aStatusWhoseDecisionsSomeoneElseRemovedIsNotAdopted() {
        Placement placement = placement(new PlacementStatus(1L, 0, null, List.of(), List.of(), 0),
                managed(ApplyClient.FIELD_MANAGER, Map.of("f:status", Map.of("f:observedGeneration", Map.of()))));

        assertThat(previous.of(placement, List.of())).isNull();
    }

    @Test
    void slicesSomeoneElseEditedOrInjectedAreNotTrustedEither() {
        Placement placement = placement(status(1, "eu-1", "us-1"),
                managed("kubectl-edit", Map.of("f:status", Map.of("f:decisions", Map.of()))));
        PlacementDecision edited = slice(placement, managed("kubectl-edit", Map.of("f:decisions", Map.of())), "us-2");

        assertThat(previous.of(placement, List.of(edited))).isNull();
    }
}
