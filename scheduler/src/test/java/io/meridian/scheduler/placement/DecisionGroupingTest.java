package io.meridian.scheduler.placement;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.DecisionGroupStatus;
import io.meridian.api.placement.DecisionStrategy;
import io.meridian.api.placement.GroupClusterSelector;
import io.meridian.api.placement.GroupStrategy;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DecisionGroupingTest {

    private final Fleet fleet = Profiles.fleet(IntStream.range(0, 10)
            .mapToObj(i -> profile("c" + i).label("ring", i < 2 ? "canary" : i < 4 ? "early" : "late"))
            .toArray(Profiles[]::new));

    private static List<Decision> decisions(int... indexes) {
        return IntStream.of(indexes).mapToObj(i -> new Decision(new ClusterProfileRef("fleet", "c" + i), 0L, "r")).toList();
    }

    private static io.meridian.api.placement.DecisionGroup named(String name, String ring) {
        return new io.meridian.api.placement.DecisionGroup(name,
                new GroupClusterSelector(new V1LabelSelector().matchLabels(Map.of("ring", ring)), null));
    }

    private static DecisionGrouping grouping(IntOrString size, io.meridian.api.placement.DecisionGroup... named) {
        PlacementSpec spec = PlacementSpec.builder("PickAll")
                .decisionStrategy(new DecisionStrategy(new GroupStrategy(List.of(named), size))).build();
        ValidationResult result = new PlacementValidator(null).validate(placement("p", spec));
        assertThat(result.violations()).isEmpty();
        return result.request().grouping();
    }

    private static List<String> describe(List<DecisionGroup> groups) {
        return groups.stream().map(g -> g.index() + ":" + g.name() + ":"
                + g.decisions().stream().map(d -> d.clusterProfileRef().name()).toList()).toList();
    }

    @Test
    void namedGroupsComeFirstInOrderThenTheRestInGroupsOfTheSize() {
        List<DecisionGroup> groups = grouping(new IntOrString(3), named("canary", "canary"), named("early", "early"))
                .group(decisions(9, 8, 7, 6, 5, 4, 3, 2, 1, 0), fleet);

        assertThat(describe(groups)).containsExactly("0:canary:[c0, c1]", "1:early:[c2, c3]", "2::[c4, c5, c6]",
                "3::[c7, c8, c9]");
    }

    @Test
    void aNamedGroupLargerThanTheSizeIsSplitUnderItsName() {
        assertThat(describe(grouping(new IntOrString(1), named("canary", "canary")).group(decisions(0, 1, 2), fleet)))
                .containsExactly("0:canary:[c0]", "1:canary:[c1]", "2::[c2]");
    }

    @Test
    void aPercentageOfTheSelectedClustersIsRoundedUp() {
        assertThat(describe(grouping(new IntOrString("25%")).group(decisions(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), fleet)))
                .containsExactly("0::[c0, c1, c2]", "1::[c3, c4, c5]", "2::[c6, c7, c8]", "3::[c9]");
        assertThat(new DecisionGrouping(List.of(), null, 7).size(100)).as("integer arithmetic").isEqualTo(7);
        assertThat(new DecisionGrouping(List.of(), null, 1).size(3)).isEqualTo(1);
        assertThat(new DecisionGrouping(List.of(), 50, 100).size(3)).as("never more than selected").isEqualTo(3);
    }

    @Test
    void namedGroupsWithoutClustersAreLeftOutAndNothingSelectedIsOneEmptyGroup() {
        DecisionGrouping grouping = grouping(null, named("nobody", "none"), named("canary", "canary"));

        assertThat(describe(grouping.group(decisions(0, 5), fleet))).containsExactly("0:canary:[c0]", "1::[c5]");
        assertThat(describe(grouping.group(List.of(), fleet))).containsExactly("0::[]");
        assertThat(describe(DecisionGrouping.NONE.group(decisions(3, 1), fleet))).containsExactly("0::[c1, c3]");
    }

    @Test
    void aDecisionForAClusterNoLongerInTheFleetGoesWithTheRest() {
        List<Decision> withGhost = new java.util.ArrayList<>(decisions(0));
        withGhost.add(new Decision(new ClusterProfileRef("fleet", "ghost"), 0L, "r"));

        assertThat(describe(grouping(null, named("canary", "canary")).group(withGhost, fleet)))
                .containsExactly("0:canary:[c0]", "1::[ghost]");
    }

    /** A placement whose spec turns invalid keeps its decision in the groups its status lists. */
    @Test
    void previousGroupsComeFromTheStatus() {
        PlacementStatus status = new PlacementStatus(1L, 3, decisions(0, 1, 2), List.of(), List.of(), 0, List.of(
                new DecisionGroupStatus(0, "canary", 1, List.of(new ClusterProfileRef("fleet", "c0"))),
                new DecisionGroupStatus(1, "", 2, List.of(new ClusterProfileRef("fleet", "c1"),
                        new ClusterProfileRef("fleet", "c2")))));
        PlacementStatus trimmed = new PlacementStatus(1L, 3, decisions(0, 1, 2), List.of(), List.of(), 0, List.of(
                new DecisionGroupStatus(0, "canary", 1, null)));

        assertThat(describe(DecisionGroup.previous(status, decisions(0, 1, 2))))
                .containsExactly("0:canary:[c0]", "1::[c1, c2]");
        assertThat(describe(DecisionGroup.previous(trimmed, decisions(0, 1, 2)))).containsExactly("0::[c0, c1, c2]");
        assertThat(describe(DecisionGroup.previous(null, List.of()))).containsExactly("0::[]");
    }
}
