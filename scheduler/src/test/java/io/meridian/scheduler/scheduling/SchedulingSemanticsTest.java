package io.meridian.scheduler.scheduling;

import io.meridian.scheduler.solver.SchedulingOptions;
import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static io.meridian.scheduler.placement.Placements.withDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.Scoring;
import io.meridian.api.placement.TopologySpreadConstraint;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.fleet.ClusterTaint;
import io.meridian.scheduler.placement.Placements;
import io.meridian.scheduler.placement.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a decision is, and why, for deleting profiles, spread, stability across spec changes and reasons. */
class SchedulingSemanticsTest {

    private static final Instant NOW = Profiles.SINCE.toInstant().plus(Duration.ofMinutes(10));

    private final FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());

    private static Fleet threeRegions() {
        return Profiles.fleet(
                profile("eu-1").location("eu"), profile("eu-2").location("eu"),
                profile("us-1").location("us"), profile("us-2").location("us"),
                profile("ap-1").location("ap"), profile("ap-2").location("ap"));
    }

    private PlacementOutcome schedule(Fleet fleet, Placement placement) {
        return scheduler.schedule(fleet, List.of(placement), NOW).get(placement.key());
    }

    private static List<String> names(PlacementOutcome outcome) {
        return outcome.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    private static Map<String, Integer> perRegion(PlacementOutcome outcome) {
        Map<String, Integer> counts = new TreeMap<>();
        names(outcome).forEach(name -> counts.merge(name.substring(0, 2), 1, Integer::sum));
        return counts;
    }

    private static String reasonOf(PlacementOutcome outcome, String cluster) {
        return outcome.unselected().stream().filter(u -> u.clusterProfileRef().name().equals(cluster))
                .map(UnselectedCluster::reason).findFirst().orElseThrow(() -> new AssertionError(cluster + " not listed"));
    }

    private static Decision decisionOf(PlacementOutcome outcome, String cluster) {
        return outcome.decisions().stream().filter(d -> d.clusterProfileRef().name().equals(cluster))
                .findFirst().orElseThrow(() -> new AssertionError(cluster + " not selected"));
    }

    /** The placement after a spec change: generation 2, its decision still the one made for generation 1. */
    private static Placement edited(PlacementSpec spec, String... current) {
        Placement placement = withDecisions(placement("web", spec), current);
        placement.metadata().generation(2L);
        return placement;
    }

    // Deleting profiles

    @Test
    void aDeletingProfileLeavesEveryPlacementEvenOnesThatSelectedIt() {
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu").deleting(), profile("eu-2").location("eu"),
                profile("us-1").location("us"));
        Placement pickN = withDecisions(placement("web", Specs.pickN(2).preferLocations("eu").build()), "eu-1", "eu-2");
        Placement pickAll = placement("all", new PlacementSpec("PickAll", null, null, null, null, null, null, null, null));
        Placement pickFixed = placement("fixed", new PlacementSpec("PickFixed", null, List.of("fleet/eu-1", "fleet/us-1"),
                null, null, null, null, null, null));

        Map<String, PlacementOutcome> outcomes = scheduler.schedule(fleet, List.of(pickN, pickAll, pickFixed), NOW);

        assertThat(names(outcomes.get("apps/web"))).containsExactly("eu-2", "us-1");
        assertThat(names(outcomes.get("apps/all"))).containsExactly("eu-2", "us-1");
        assertThat(names(outcomes.get("apps/fixed"))).containsExactly("us-1");
        outcomes.values().forEach(outcome ->
                assertThat(reasonOf(outcome, "eu-1")).isEqualTo(ClusterTaint.DELETING_REASON));
    }

    // Topology spread with Kubernetes semantics

    @Test
    void skewIsMaxMinusMinSoFourOverThreeRegionsIsNeverTwoTwoZero() {
        PlacementOutcome outcome = schedule(threeRegions(), placement("web",
                Specs.pickN(4).preferLocations("eu", "us").spread("location", 1).build()));

        assertThat(perRegion(outcome)).containsExactlyInAnyOrderEntriesOf(Map.of("eu", 2, "us", 1, "ap", 1));
    }

    @Test
    void doNotScheduleLeavesSlotsEmptyRatherThanBreakTheSkew() {
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu"), profile("eu-2").location("eu"),
                profile("eu-3").location("eu"), profile("us-1").location("us"));

        PlacementOutcome required = schedule(fleet, placement("web", Specs.pickN(4).spread("location", 1).build()));
        PlacementOutcome anyway = schedule(fleet, placement("web", Specs.pickN(4).spreadAnyway("location", 1).build()));

        assertThat(perRegion(required)).containsExactlyInAnyOrderEntriesOf(Map.of("eu", 2, "us", 1));
        String unselected = required.unselected().get(0).reason();
        assertThat(unselected).contains("would break topology spread on location (maxSkew 1)")
                .contains("eu would hold 3 against 1 in us");
        assertThat(anyway.decisions()).hasSize(4);
        assertThat(anyway.decisions()).anySatisfy(d -> assertThat(d.reason()).startsWith("every eligible cluster is needed"));
    }

    @Test
    void withFewerDomainsThanMinDomainsNoDomainHoldsMoreThanMaxSkew() {
        PlacementOutcome outcome = schedule(threeRegions(), placement("web", Specs.pickN(6)
                .spread(new TopologySpreadConstraint("location", 1, TopologySpreadConstraint.DO_NOT_SCHEDULE, 4))
                .build()));

        assertThat(perRegion(outcome)).containsExactlyInAnyOrderEntriesOf(Map.of("eu", 1, "us", 1, "ap", 1));
    }

    @Test
    void severalConstraintsAllHold() {
        Fleet fleet = Profiles.fleet(
                profile("eu-1").location("eu").label("zone", "a"), profile("eu-2").location("eu").label("zone", "b"),
                profile("us-1").location("us").label("zone", "a"), profile("us-2").location("us").label("zone", "a"));

        PlacementOutcome outcome = schedule(fleet, placement("web", Specs.pickN(2).preferLocations("us")
                .spread("location", 1).spread("zone", 1).build()));

        // us-1 and us-2 are preferred, but location needs one of each and zone one of a and b.
        assertThat(names(outcome)).hasSize(2).contains("eu-2").anyMatch(name -> name.startsWith("us-"));
    }

    // Stability and spec changes

    @Test
    void whileTheSpecIsUnchangedStabilityKeepsClustersAPreferenceWouldMove() {
        PlacementOutcome outcome = schedule(threeRegions(),
                withDecisions(placement("web", Specs.pickN(1).preferLocations("eu").build()), "us-1"));

        assertThat(names(outcome)).containsExactly("us-1");
        assertThat(decisionOf(outcome, "us-1").reason()).startsWith("kept by Stability");
        assertThat(reasonOf(outcome, "eu-1")).contains("ranked higher, but Stability keeps the current clusters");
    }

    @Test
    void afterASpecChangeTheDecisionIsWhatAFreshScheduleChooses() {
        PlacementSpec spec = Specs.pickN(2).preferLocations("eu").build();

        PlacementOutcome afterEdit = schedule(threeRegions(), edited(spec, "us-1", "ap-1"));
        PlacementOutcome fresh = schedule(threeRegions(), placement("web", spec));

        assertThat(names(afterEdit)).containsExactly("eu-1", "eu-2").isEqualTo(names(fresh));
        assertThat(afterEdit.decisions()).isEqualTo(fresh.decisions());
    }

    @Test
    void afterASpecChangeCurrentClustersWinAmongEquallyRankedOnes() {
        PlacementSpec spec = Specs.pickN(1).preferLocations("eu").build();

        assertThat(names(schedule(threeRegions(), edited(spec, "eu-1")))).containsExactly("eu-1");
        assertThat(names(schedule(threeRegions(), edited(spec, "eu-2")))).containsExactly("eu-2");
        assertThat(names(schedule(threeRegions(), edited(spec, "us-1")))).containsExactly(
                names(schedule(threeRegions(), placement("web", spec))).get(0));
    }

    @Test
    void stabilityNoneMovesWheneverTheRankingChanges() {
        PlacementSpec none = Specs.pickN(1).preferLocations("eu").stability(Scoring.NONE).build();

        PlacementOutcome outcome = schedule(threeRegions(), withDecisions(placement("web", none), "us-1"));

        assertThat(names(outcome)).hasSize(1).allMatch(name -> name.startsWith("eu-"));
        // Among equals it still keeps what it has.
        assertThat(names(schedule(threeRegions(), withDecisions(placement("web", none), "eu-2")))).containsExactly("eu-2");
    }

    @Test
    void aSteadyPlacementReplacesOnlyTheClusterThatBecameIneligible() {
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu"), profile("eu-2").location("eu").healthy("False"),
                profile("us-1").location("us"), profile("us-2").location("us"),
                profile("ap-1").location("ap"), profile("ap-2").location("ap"));
        PlacementSpec spec = Specs.pickN(3).preferLocations("ap").build();

        PlacementOutcome outcome = schedule(fleet, withDecisions(placement("web", spec), "eu-1", "eu-2", "us-1"));

        assertThat(names(outcome)).hasSize(3).contains("eu-1", "us-1").anyMatch(name -> name.startsWith("ap-"));
    }

    /** A new domain can break a required spread; spread outranks stability, so one cluster moves there. */
    @Test
    void aRequiredSpreadThatNoLongerHoldsMovesClustersEvenWhenSteady() {
        Fleet twoRegions = Profiles.fleet(profile("eu-1").location("eu"), profile("eu-2").location("eu"),
                profile("us-1").location("us"), profile("us-2").location("us"));
        Placement decided = withDecisions(placement("web", Specs.pickN(4).spread("location", 1).build()),
                "eu-1", "eu-2", "us-1", "us-2");

        assertThat(names(schedule(twoRegions, decided))).containsExactly("eu-1", "eu-2", "us-1", "us-2");
        PlacementOutcome withAp = schedule(threeRegions(), decided);
        assertThat(perRegion(withAp)).containsEntry("ap", 1).containsValues(2, 1);
        assertThat(names(withAp)).filteredOn(name -> !name.startsWith("ap-")).hasSize(3)
                .allMatch(name -> List.of("eu-1", "eu-2", "us-1", "us-2").contains(name));
    }

    // Reasons

    @Test
    void aClusterThatRanksLowerIsComparedWithTheLowestSelectedOne() {
        PlacementOutcome outcome = schedule(threeRegions(),
                placement("web", Specs.pickN(2).preferLocations("eu", "us").build()));

        assertThat(names(outcome)).containsExactly("eu-1", "eu-2");
        assertThat(reasonOf(outcome, "us-1")).isEqualTo("eligible, but ranked lower on Location preference: score 49"
                + " (Location preference +50, Load balance -1) against 99 for fleet/eu-1");
        assertThat(decisionOf(outcome, "eu-1").score()).isEqualTo(99);
        assertThat(decisionOf(outcome, "eu-1").reason())
                .isEqualTo("ranked higher on Location preference; score 99 (Location preference +100, Load balance -1)");
    }

    @Test
    void aClusterThatLostToLoadSaysSo() {
        List<Placement> placements = new ArrayList<>();
        IntStream.range(0, 3).forEach(i -> placements.add(placement("fixed-" + i, new PlacementSpec("PickFixed", null,
                List.of("fleet/eu-1"), null, null, null, null, null, null))));
        placements.add(placement("web", Specs.pickN(1).preferLocations("eu").balanceWeight(100).build()));
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu"), profile("us-1").location("us"));

        PlacementOutcome outcome = scheduler.schedule(fleet, placements, NOW).get("apps/web");

        assertThat(names(outcome)).containsExactly("us-1");
        // Joining three placements of weight 1: its own 100 × (3 + 1), and 1 for each of them.
        assertThat(reasonOf(outcome, "eu-1")).isEqualTo("eligible, but ranked lower on Load balance: score -303"
                + " (Location preference +100, Load balance -403) against -100 for fleet/us-1");
        assertThat(decisionOf(outcome, "us-1").score()).isEqualTo(-100);
        assertThat(decisionOf(outcome, "us-1").reason()).startsWith("ranked higher on Load balance; score -100");
    }

    @Test
    void aClusterNeededBySpreadSaysSo() {
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu").property("cpu", "64"),
                profile("eu-2").location("eu").property("cpu", "32"), profile("us-1").location("us").property("cpu", "8"),
                profile("ap-1").location("ap").property("cpu", "8"));

        PlacementOutcome outcome = schedule(fleet, placement("web",
                Specs.pickN(3).preferLocations("eu").sorter("cpu", "Descending", 1).spread("location", 1).build()));

        assertThat(names(outcome)).containsExactly("ap-1", "eu-1", "us-1");
        assertThat(decisionOf(outcome, "us-1").reason()).isEqualTo("needed by topology spread on location (maxSkew 1):"
                + " no other eligible cluster can take its place without breaking it; score -1 (Load balance -1)");
        // eu-2 ranks above us-1, but only eu-1 could make room for it.
        assertThat(reasonOf(outcome, "eu-2")).isEqualTo("eligible, but ranked lower on Property sorter: score 142"
                + " (Location preference +100, Property sorter +43, Load balance -1) against 199 for fleet/eu-1");
    }

    @Test
    void equallyRankedClustersSayTheyTied() {
        PlacementOutcome outcome = schedule(threeRegions(), placement("web", Placements.pickN(1)));

        assertThat(outcome.unselected()).allSatisfy(u -> assertThat(u.reason())
                .startsWith("eligible, but ranked equal to the selected fleet/" + names(outcome).get(0)));
    }

    @Test
    void aFullClusterSaysItIsAtCapacity() {
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu").property("placements.meridian.io/capacity", "1"),
                profile("us-1").location("us"));
        List<Placement> placements = List.of(
                placement("a", Specs.pickN(1).preferLocations("eu").balanceWeight(0).build()),
                placement("b", Specs.pickN(1).preferLocations("eu").balanceWeight(0).build()));

        Map<String, PlacementOutcome> outcomes = scheduler.schedule(fleet, placements, NOW);

        PlacementOutcome onUs = outcomes.values().stream().filter(o -> names(o).equals(List.of("us-1"))).findFirst()
                .orElseThrow();
        assertThat(reasonOf(onUs, "eu-1")).isEqualTo("eligible, but at its capacity of 1 placements");
    }

    /** A decision rescheduled from its own status reads the same: no status write on the next pass. */
    @Test
    void theNextPassWritesTheSameDecisionWithTheSameScoresAndReasons() {
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu").property("placements.meridian.io/capacity", "2"),
                profile("eu-2").location("eu"), profile("eu-3").location("eu").label("zone", "b"),
                profile("us-1").location("us"), profile("us-2").location("us"), profile("ap-1").location("ap"));
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Specs spec = Specs.pickN(1 + i % 4).preferLocations(i % 2 == 0 ? "eu" : "us");
            if (i % 3 == 0) {
                spec.spread("location", 1);
            }
            if (i % 3 == 1) {
                spec.spreadAnyway("zone", 1).balanceWeight(3);
            }
            if (i % 4 == 3) {
                spec.stability(Scoring.NONE);
            }
            placements.add(placement("p" + i, spec.build()));
        }

        Map<String, PlacementOutcome> first = new FleetScheduler(SchedulingOptions.defaults()).schedule(fleet, placements, NOW);
        List<Placement> decided = placements.stream().map(p -> p.withStatus(new PlacementStatus(1L,
                first.get(p.key()).decisions().size(), first.get(p.key()).decisions(), List.of(), List.of(), 0))).toList();
        Map<String, PlacementOutcome> second = scheduler.schedule(fleet, decided, NOW.plusSeconds(60));
        Map<String, PlacementOutcome> third = scheduler.schedule(fleet, decided, NOW.plusSeconds(120));

        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
    }
}
