package io.meridian.scheduler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusBuilderTest {

    private static final OffsetDateTime T1 = OffsetDateTime.of(2026, 11, 24, 8, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime T2 = T1.plusMinutes(5);

    private final StatusBuilder builder = new StatusBuilder();

    private static PlacementOutcome pickN(int requested, int selected) {
        List<Decision> decisions = java.util.stream.IntStream.range(0, selected)
                .mapToObj(i -> new Decision(new ClusterProfileRef("fleet", "c" + i), 0L, "r")).toList();
        return new PlacementOutcome("apps/web", PlacementType.PickN, requested, decisions, List.of(), 3, null, null);
    }

    private static V1Condition condition(PlacementStatus status, String type) {
        return status.conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    @Test
    void reportsSatisfiedWhenAllRequestedClustersAreSelected() {
        PlacementStatus status = builder.build(pickN(2, 2), null, 3L, T1);

        assertThat(status.observedGeneration()).isEqualTo(3L);
        assertThat(status.numberOfSelectedClusters()).isEqualTo(2);
        assertThat(status.conditions()).extracting(V1Condition::getType)
                .containsExactly(Conditions.MISCONFIGURED, Conditions.SATISFIED, Conditions.SCHEDULED);
        assertThat(condition(status, Conditions.SATISFIED).getReason()).isEqualTo(Conditions.REASON_ALL_DECISIONS_SCHEDULED);
        assertThat(condition(status, Conditions.SATISFIED).getObservedGeneration()).isEqualTo(3L);
    }

    @Test
    void reportsNotEnoughClustersAndNoClusterMatched() {
        assertThat(condition(builder.build(pickN(3, 1), null, 1L, T1), Conditions.SATISFIED))
                .satisfies(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo(Conditions.REASON_NOT_ENOUGH_CLUSTERS);
                    assertThat(c.getMessage()).contains("1 of 3");
                });
        assertThat(condition(builder.build(pickN(3, 0), null, 1L, T1), Conditions.SATISFIED).getReason())
                .isEqualTo(Conditions.REASON_NO_CLUSTER_MATCHED);
    }

    @Test
    void sameOutcomeTwiceGivesAnEqualStatus() {
        PlacementStatus first = builder.build(pickN(2, 2), null, 1L, T1);

        PlacementStatus second = builder.build(pickN(2, 2), first, 1L, T2);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
        PlacementStatus satisfied = builder.build(pickN(2, 2), null, 1L, T1);

        PlacementStatus degraded = builder.build(pickN(2, 1), satisfied, 1L, T2);

        assertThat(condition(degraded, Conditions.SATISFIED).getLastTransitionTime()).isEqualTo(T2);
        assertThat(condition(degraded, Conditions.SCHEDULED).getLastTransitionTime()).isEqualTo(T1);
    }

    @Test
    void misconfiguredKeepsPreviousDecisionsAndSatisfiedCondition() {
        PlacementStatus satisfied = builder.build(pickN(2, 2), null, 1L, T1);
        PlacementOutcome broken = new PlacementOutcome("apps/web", null, 0, satisfied.decisions(), List.of(), 0,
                "spec.numberOfClusters: must be at least 1", null);

        PlacementStatus status = builder.build(broken, satisfied, 2L, T2);

        assertThat(status.decisions()).isEqualTo(satisfied.decisions());
        assertThat(condition(status, Conditions.MISCONFIGURED)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getMessage()).contains("spec.numberOfClusters");
        });
        assertThat(condition(status, Conditions.SCHEDULED).getStatus()).isEqualTo("False");
        assertThat(condition(status, Conditions.SATISFIED)).isEqualTo(condition(satisfied, Conditions.SATISFIED));
    }

    @Test
    void decisionGroupsAreListedWithTheirClusters() {
        List<Decision> decisions = pickN(3, 3).decisions();
        PlacementOutcome grouped = pickN(3, 3).withGroups(List.of(
                new io.meridian.scheduler.placement.DecisionGroup(0, "canary", decisions.subList(0, 1)),
                new io.meridian.scheduler.placement.DecisionGroup(1, "", decisions.subList(1, 3))));

        assertThat(builder.build(grouped, null, 1L, T1).decisionGroups()).containsExactly(
                new io.meridian.api.placement.DecisionGroupStatus(0, "canary", 1, List.of(new ClusterProfileRef("fleet", "c0"))),
                new io.meridian.api.placement.DecisionGroupStatus(1, "", 2,
                        List.of(new ClusterProfileRef("fleet", "c1"), new ClusterProfileRef("fleet", "c2"))));
        assertThat(builder.build(pickN(2, 2), null, 1L, T1).decisionGroups()).singleElement()
                .satisfies(group -> assertThat(group.clusterCount()).isEqualTo(2));
    }
}
