package io.meridian.scheduler.solver;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;

import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.Toleration;
import io.meridian.api.placement.TopologySpread;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.placement.Placements;
import io.meridian.scheduler.fleet.Fleet;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.optaplanner.test.api.score.stream.ConstraintVerifier;

class FleetConstraintProviderTest {

    private final ConstraintVerifier<FleetConstraintProvider, FleetSchedule> verifier =
            ConstraintVerifier.build(new FleetConstraintProvider(), FleetSchedule.class, ClusterAssignment.class);

    private final Fleet fleet = Profiles.fleet(
            profile("eu-1").location("eu").clusterSet("prod").property("cpu", "64"),
            profile("eu-2").location("eu").clusterSet("prod").property("cpu", "32"),
            profile("us-1").location("us").clusterSet("dev").property("cpu", "16"),
            profile("sick").location("us").healthy("False"),
            profile("new").location("us").joined("False"),
            profile("full").location("us").property(FleetOptions.DEFAULT_CAPACITY_PROPERTY, "1"));

    private Cluster cluster(String name) {
        return cluster(name, 0);
    }

    private Cluster cluster(String name, int fixedLoad) {
        ClusterFact fact = fleet.clusters().stream().filter(c -> c.ref().name().equals(name)).findFirst().orElseThrow();
        return new Cluster(fact, fixedLoad);
    }

    private PlacementFact fact(PlacementSpec spec, String... current) {
        return fact(fleet, spec, current);
    }

    private static PlacementFact fact(Fleet fleet, PlacementSpec spec, String... current) {
        PlacementRequest request = new PlacementValidator(null)
                .validate(Placements.withDecisions(placement("p", spec), current)).request();
        Eligibility eligibility = new ClusterFilter().filter(request, fleet, Instant.parse("2026-11-24T00:00:00Z"));
        List<Cluster> eligible = eligibility.eligible().stream().map(c -> new Cluster(c, 0)).toList();
        Set<Integer> currentIndexes = new java.util.HashSet<>();
        request.currentDecision().forEach(ref -> fleet.find(ref).ifPresent(c -> currentIndexes.add(c.index())));
        return new PlacementFact(request, eligibility, eligible, currentIndexes);
    }

    private static ClusterAssignment assign(PlacementFact placement, int slot, Cluster cluster) {
        return new ClusterAssignment(placement, slot, cluster);
    }

    @Test
    void unhealthyClusterIsHardUnlessTolerated() {
        PlacementFact strict = fact(Placements.pickN(1));
        PlacementFact tolerant = fact(new PlacementSpec("PickN", 1, null, null, null, null, null, null,
                List.of(new Toleration("Unhealthy", null))));

        verifier.verifyThat(FleetConstraintProvider::unhealthyCluster)
                .given(assign(strict, 0, cluster("sick")), assign(strict, 1, cluster("eu-1")))
                .penalizesBy(1);
        verifier.verifyThat(FleetConstraintProvider::unhealthyCluster)
                .given(assign(tolerant, 0, cluster("sick")))
                .penalizesBy(0);
    }

    @Test
    void notJoinedClusterIsHard() {
        verifier.verifyThat(FleetConstraintProvider::notJoinedCluster)
                .given(assign(fact(Placements.pickN(1)), 0, cluster("new")))
                .penalizesBy(1);
    }

    @Test
    void predicateMismatchIsHard() {
        PlacementFact prodOnly = fact(new PlacementSpec("PickN", 1, null, null, List.of("prod"), null, null, null, null));

        verifier.verifyThat(FleetConstraintProvider::predicateMismatch)
                .given(assign(prodOnly, 0, cluster("us-1")), assign(prodOnly, 1, cluster("eu-1")))
                .penalizesBy(1);
    }

    @Test
    void sameClusterTwiceInOnePlacementIsHard() {
        PlacementFact first = fact(Placements.pickN(2));
        PlacementFact second = fact(Placements.pickN(2));

        verifier.verifyThat(FleetConstraintProvider::duplicateCluster)
                .given(assign(first, 0, cluster("eu-1")), assign(first, 1, cluster("eu-1")),
                        assign(second, 0, cluster("eu-1")))
                .penalizesBy(1);
    }

    @Test
    void capacityCountsFixedPlacementsToo() {
        PlacementFact a = fact(Placements.pickN(1));
        PlacementFact b = fact(Placements.pickN(1));

        verifier.verifyThat(FleetConstraintProvider::capacityExceeded)
                .given(assign(a, 0, cluster("full")), assign(b, 0, cluster("full")))
                .penalizesBy(1);
        verifier.verifyThat(FleetConstraintProvider::capacityExceeded)
                .given(assign(a, 0, cluster("full", 1)))
                .penalizesBy(1);
        verifier.verifyThat(FleetConstraintProvider::capacityExceeded)
                .given(assign(a, 0, cluster("eu-1", 5)), assign(b, 0, cluster("eu-1", 5)))
                .penalizesBy(0);
    }

    @Test
    void emptySlotCostsOneMediumEach() {
        PlacementFact placement = fact(Placements.pickN(3));

        verifier.verifyThat(FleetConstraintProvider::unfilledSlot)
                .given(assign(placement, 0, null), assign(placement, 1, null), assign(placement, 2, cluster("eu-1")))
                .penalizesBy(2);
    }

    @Test
    void locationPreferenceRewardsEarlierLocationsMore() {
        PlacementFact placement = fact(new PlacementSpec("PickN", 2, null, null, null, null,
                new Preferences(List.of("us", "eu"), null, null), null, null));

        verifier.verifyThat(FleetConstraintProvider::locationPreference)
                .given(assign(placement, 0, cluster("us-1")), assign(placement, 1, cluster("eu-1")))
                .rewardsWith(100 + 50);
    }

    @Test
    void clusterSetPreferenceRewardsEarlierClusterSetsMore() {
        PlacementFact placement = fact(new PlacementSpec("PickN", 2, null, null, null, null,
                new Preferences(null, List.of("prod", "dev", "edge"), null), null, null));

        verifier.verifyThat(FleetConstraintProvider::clusterSetPreference)
                .given(assign(placement, 0, cluster("eu-1")), assign(placement, 1, cluster("us-1")))
                .rewardsWith(100 + 66);
    }

    @Test
    void propertySorterScalesBetweenEligibleMinimumAndMaximum() {
        PlacementFact descending = fact(new PlacementSpec("PickN", 1, null, null, null, null,
                new Preferences(null, null, List.of(new PropertySorter("cpu", "Descending", 2))), null, null));
        PlacementFact ascending = fact(new PlacementSpec("PickN", 1, null, null, null, null,
                new Preferences(null, null, List.of(new PropertySorter("cpu", "Ascending", 1))), null, null));

        // cpu over eligible clusters spans 16..64: 32 sits at one third.
        verifier.verifyThat(FleetConstraintProvider::propertySorter)
                .given(assign(descending, 0, cluster("eu-1")), assign(descending, 1, cluster("eu-2")))
                .rewardsWith(200 + 2 * 33);
        verifier.verifyThat(FleetConstraintProvider::propertySorter)
                .given(assign(ascending, 0, cluster("us-1")), assign(ascending, 1, cluster("full")))
                .rewardsWith(100);
    }

    @Test
    void topologySpreadPenalizesClustersBeyondAnEvenSplit() {
        PlacementFact spread = fact(new PlacementSpec("PickN", 2, null, null, null, null, null,
                new TopologySpread("location", 1), null));

        verifier.verifyThat(FleetConstraintProvider::topologySpread)
                .given(assign(spread, 0, cluster("eu-1")), assign(spread, 1, cluster("eu-2")))
                .penalizesBy(1);
        verifier.verifyThat(FleetConstraintProvider::topologySpread)
                .given(assign(spread, 0, cluster("eu-1")), assign(spread, 1, cluster("us-1")))
                .penalizesBy(0);
    }

    @Test
    void stabilityRewardsCurrentClusters() {
        PlacementFact placement = fact(Placements.pickN(2), "eu-2");

        verifier.verifyThat(FleetConstraintProvider::stability)
                .given(assign(placement, 0, cluster("eu-1")), assign(placement, 1, cluster("eu-2")))
                .rewardsWith(1);
    }

    @Test
    void loadBalancePenalizesPilingUpOnOneCluster() {
        PlacementFact a = fact(Placements.pickN(1));
        PlacementFact b = fact(Placements.pickN(1));

        verifier.verifyThat(FleetConstraintProvider::loadBalance)
                .given(assign(a, 0, cluster("eu-1")), assign(b, 0, cluster("eu-1")))
                .penalizesBy(4);
        verifier.verifyThat(FleetConstraintProvider::loadBalance)
                .given(assign(a, 0, cluster("eu-1")), assign(b, 0, cluster("eu-2")))
                .penalizesBy(2);
        // With three placements fixed on it already, one more costs 4² - 3².
        verifier.verifyThat(FleetConstraintProvider::loadBalance)
                .given(assign(a, 0, cluster("eu-1", 3)))
                .penalizesBy(7);
    }

    @Test
    void preferredTermsAddTheirWeightsEitherWay() {
        PlacementFact placement = fact(io.meridian.api.placement.PlacementSpec.builder("PickN").numberOfClusters(2)
                .preferences(new Preferences(null, null, null, List.of(
                        new io.meridian.api.placement.PreferredTerm(40, io.meridian.api.placement.ClusterSelectorTerm
                                .cel("location == 'eu'"), null),
                        new io.meridian.api.placement.PreferredTerm(-30, io.meridian.api.placement.ClusterSelectorTerm
                                .cel("clusterSet == 'dev'"), null)))).build());

        verifier.verifyThat(FleetConstraintProvider::preferredTerms)
                .given(assign(placement, 0, cluster("eu-1")), assign(placement, 1, cluster("eu-2")),
                        assign(placement, 2, cluster("us-1")))
                .rewardsWith(80L);
        verifier.verifyThat(FleetConstraintProvider::negativePreferredTerms)
                .given(assign(placement, 0, cluster("eu-1")), assign(placement, 1, cluster("us-1")))
                .penalizesBy(30L);
    }

    @Test
    void anUntoleratedPreferNoSelectTaintCostsAFixedPenalty() {
        Fleet tainted = Profiles.fleet(profile("spot").location("eu")
                        .taints("[{\"key\": \"example.com/spot\", \"effect\": \"PreferNoSelect\"}]"),
                profile("plain").location("eu"));
        PlacementFact strict = fact(tainted, Placements.pickN(2));
        PlacementFact tolerant = fact(tainted, io.meridian.api.placement.PlacementSpec.builder("PickN").numberOfClusters(2)
                .tolerations(Toleration.of("example.com/spot", "Exists", null, null, null)).build());
        Cluster spot = new Cluster(tainted.clusters().get(1), 0);
        Cluster plain = new Cluster(tainted.clusters().get(0), 0);

        verifier.verifyThat(FleetConstraintProvider::preferNoSelectTaint)
                .given(assign(strict, 0, spot), assign(strict, 1, plain))
                .penalizesBy(io.meridian.scheduler.placement.PreferenceScores.PREFER_NO_SELECT_PENALTY);
        verifier.verifyThat(FleetConstraintProvider::preferNoSelectTaint)
                .given(assign(tolerant, 0, spot))
                .penalizesBy(0);
    }
}
