package io.meridian.scheduler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatusBudgetTest {

    private static final OffsetDateTime T1 = OffsetDateTime.of(2026, 11, 24, 8, 0, 0, 0, ZoneOffset.UTC);

    private static List<Decision> decisions(int count, String reason) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Decision(new ClusterProfileRef("fleet", "cluster-%04d".formatted(i)), 5L, reason))
                .toList();
    }

    private static List<UnselectedCluster> unselected(int count, String reason) {
        return IntStream.range(0, count)
                .mapToObj(i -> new UnselectedCluster(new ClusterProfileRef("fleet", "other-%04d".formatted(i)), reason))
                .toList();
    }

    private static PlacementStatus status(List<Decision> decisions, List<UnselectedCluster> unselected, String message) {
        return new PlacementStatus(1L, decisions.size(), decisions,
                List.of(new V1Condition().type("Misconfigured").status("True").reason("InvalidSpec").message(message)
                        .observedGeneration(1L).lastTransitionTime(T1)),
                unselected, 500);
    }

    @Test
    void theBudgetCountsTheBytesOfTheJsonTheApiServerReceives() {
        // One, two, three and four bytes per character in UTF-8, and characters JSON escapes.
        PlacementStatus status = status(decisions(3, "a é € \uD83D\uDE80 \"quoted\" <tag>"),
                unselected(2, "ranked lower ü"), "line\nbreak");

        assertThat(StatusBudget.bytes(status))
                .isEqualTo(ApiJson.gson().toJson(status).getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aStatusWithinTheBudgetIsUnchanged() {
        PlacementStatus status = status(decisions(3, "Location preference +100"), unselected(3, "ranked lower"), "ok");

        assertThat(new StatusBudget().fit(status)).isEqualTo(status);
    }

    @Test
    void reasonsAndMessagesAreCutWithACount() {
        String huge = "x".repeat(100_000);

        PlacementStatus fitted = new StatusBudget().fit(status(decisions(1, huge), unselected(1, huge), huge));

        assertThat(fitted.decisions().get(0).reason()).hasSize(StatusBudget.MAX_REASON).endsWith("more characters)");
        assertThat(fitted.unselectedClusters().get(0).reason()).hasSize(StatusBudget.MAX_REASON);
        assertThat(fitted.conditions().get(0).getMessage()).hasSize(StatusBudget.MAX_MESSAGE)
                .endsWith("x… (99001 more characters)");
        assertThat(fitted.conditions().get(0).getLastTransitionTime()).isEqualTo(T1);
    }

    @Test
    void overTheBudgetUnselectedClustersGoFirstAndTheCountStays() {
        String reason = "r".repeat(1000);
        PlacementStatus status = status(decisions(2, "kept"), unselected(20, reason), "ok");
        int withoutUnselected = StatusBudget.bytes(status(decisions(2, "kept"), List.of(), "ok"));

        int entry = StatusBudget.bytes(status.unselectedClusters().get(0));
        int fitting = (5_500 + 1) / (entry + 1); // entries and the commas between them

        PlacementStatus fitted = new StatusBudget(withoutUnselected + 5_500).fit(status);

        assertThat(fitting).isBetween(2, 19);
        assertThat(fitted.unselectedClusters()).containsExactlyElementsOf(status.unselectedClusters().subList(0, fitting));
        assertThat(fitted.numberOfUnselectedClusters()).isEqualTo(500);
        assertThat(fitted.decisions()).isEqualTo(status.decisions());
        assertThat(StatusBudget.bytes(fitted)).isLessThanOrEqualTo(withoutUnselected + 5_500);
    }

    @Test
    void thenDecisionsLoseTheirReasonsButNotTheirClusters() {
        PlacementStatus status = status(decisions(50, "r".repeat(1000)), unselected(20, "ranked lower"), "ok");

        PlacementStatus fitted = new StatusBudget(20_000).fit(status);

        assertThat(fitted.unselectedClusters()).isEmpty();
        assertThat(fitted.decisions()).hasSize(50).allSatisfy(d -> assertThat(d.reason()).isNull());
        assertThat(fitted.decisions()).extracting(Decision::clusterProfileRef)
                .containsExactlyElementsOf(status.decisions().stream().map(Decision::clusterProfileRef).toList());
        assertThat(fitted.numberOfSelectedClusters()).isEqualTo(50);
    }

    /**
     * However long the reasons (20 unselected clusters with 253-character names, each reason
     * 120,000 characters) the status of 1,000 selected clusters stays within the budget.
     */
    @Test
    void hugeReasonsNeverPushAStatusOverTheBudget() {
        String longName = "n".repeat(250);
        List<Decision> decisions = IntStream.range(0, 1000)
                .mapToObj(i -> new Decision(new ClusterProfileRef("fleet-eu-west-1", "cluster-%04d".formatted(i)), 1L,
                        "Location preference +100, Clusterset preference +50, Property sorter +30, Topology spread -10"))
                .toList();
        List<UnselectedCluster> unselected = IntStream.range(0, 20)
                .mapToObj(i -> new UnselectedCluster(new ClusterProfileRef("f".repeat(63), "%03d".formatted(i) + longName),
                        "property zone is 'x', not one of " + "[v]".repeat(40_000)))
                .toList();
        PlacementOutcome outcome = new PlacementOutcome("apps/web", PlacementType.PickN, 1000, decisions, unselected,
                5000, null, null);

        PlacementStatus status = new StatusBuilder().build(outcome, null, 1L, T1);

        assertThat(StatusBudget.bytes(status)).isLessThanOrEqualTo(StatusBudget.MAX_BYTES);
        assertThat(status.decisions()).hasSize(1000);
        assertThat(status.unselectedClusters()).hasSize(20)
                .allSatisfy(u -> assertThat(u.reason()).hasSize(StatusBudget.MAX_REASON));
        System.out.printf("status of 1,000 clusters with 20 huge reasons: %d bytes%n", StatusBudget.bytes(status));
    }

    @Test
    void fittingIsStable() {
        PlacementStatus status = status(decisions(50, "r".repeat(3000)), unselected(20, "u".repeat(3000)), "m".repeat(5000));
        StatusBudget budget = new StatusBudget(40_000);

        PlacementStatus once = budget.fit(status);

        assertThat(budget.fit(once)).isEqualTo(once);
        assertThat(budget.fit(status)).isEqualTo(once);
    }

    /** Over the budget, the groups' cluster lists go first: they repeat the decisions, and their slices keep them. */
    @Test
    void groupsLoseTheirClusterListsBeforeAnythingElse() {
        List<io.meridian.api.placement.Decision> decisions = java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> new io.meridian.api.placement.Decision(
                        new io.meridian.api.inventory.ClusterProfileRef("fleet", "cluster-" + i), 0L, "r")).toList();
        PlacementStatus status = new PlacementStatus(1L, 200, decisions, List.of(), List.of(), 0, List.of(
                new io.meridian.api.placement.DecisionGroupStatus(0, "", 200,
                        decisions.stream().map(io.meridian.api.placement.Decision::clusterProfileRef).toList())));
        int withoutGroupClusters = StatusBudget.bytes(new PlacementStatus(1L, 200, decisions, List.of(), List.of(), 0,
                List.of(new io.meridian.api.placement.DecisionGroupStatus(0, "", 200, null))));

        PlacementStatus fitted = new StatusBudget(withoutGroupClusters + 10).fit(status);

        assertThat(fitted.decisionGroups()).singleElement().satisfies(group -> {
            assertThat(group.clusters()).isNull();
            assertThat(group.clusterCount()).isEqualTo(200);
        });
        assertThat(fitted.decisions()).allSatisfy(d -> assertThat(d.reason()).isEqualTo("r"));
        assertThat(new StatusBudget().fit(status)).isEqualTo(status);
    }
}
