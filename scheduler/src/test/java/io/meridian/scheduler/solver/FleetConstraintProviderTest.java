package io.meridian.scheduler.solver;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Scoring;
import io.meridian.scheduler.placement.PreferenceScores;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.PreferredTerm;
import io.meridian.api.placement.Toleration;
import io.meridian.api.placement.TopologySpreadConstraint;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.api.placement.Preferences;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.placement.Placements;
import io.meridian.scheduler.placement.Specs;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.test.api.score.stream.ConstraintVerifier;

class FleetConstraintProviderTest {

    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    private final ConstraintVerifier<FleetConstraintProvider, FleetSchedule> verifier =
            ConstraintVerifier.build(new FleetConstraintProvider(), FleetSchedule.class, ClusterAssignment.class);

    private final Fleet fleet = fleet();

    private static Fleet fleet() {
        ClusterProfile deleting = profile("leaving").location("eu").build();
        deleting.metadata().deletionTimestamp(OffsetDateTime.parse("2026-11-23T00:00:00Z")).addFinalizersItem("x");
        List<ClusterProfile> profiles = new java.util.ArrayList<>(List.of(
                profile("eu-1").location("eu").clusterSet("prod").property("cpu", "64").build(),
                profile("eu-2").location("eu").clusterSet("prod").property("cpu", "32").build(),
                profile("us-1").location("us").clusterSet("dev").property("cpu", "16").build(),
                profile("us-2").location("us").clusterSet("dev").build(),
                profile("ap-1").location("ap").clusterSet("dev").build(),
                profile("ap-2").location("ap").clusterSet("dev").build(),
                profile("bare").build(),
                profile("sick").location("us").healthy("False").build(),
                profile("new").location("us").joined("False").build(),
                profile("full").location("us").property(FleetOptions.DEFAULT_CAPACITY_PROPERTY, "1").build()));
        profiles.add(deleting);
        return new FactMapper(FleetOptions.defaults()).fleet(profiles, Map.of());
    }

    private Cluster cluster(String name) {
        return cluster(name, 0);
    }

    private Cluster cluster(String name, int fixedLoad) {
        ClusterFact fact = fleet.clusters().stream().filter(c -> c.ref().name().equals(name)).findFirst().orElseThrow();
        return new Cluster(fact, fixedLoad);
    }

    /**
     * A placement fact with the filter's eligibility; the constraints are checked on any
     * assignment given, so each rule is seen on its own (in the scheduler the filter keeps
     * ineligible clusters out of the solver's reach).
     */
    private PlacementFact fact(PlacementSpec spec, String... current) {
        return fact(fleet, spec, current);
    }

    private static PlacementFact fact(Fleet fleet, PlacementSpec spec, String... current) {
        return fact(fleet, Placements.withDecisions(placement("p", spec), current));
    }

    private static PlacementFact fact(Fleet fleet, Placement placement) {
        PlacementRequest request = new PlacementValidator(null).validate(placement).request();
        Eligibility eligibility = new ClusterFilter().filter(request, fleet, NOW);
        List<Cluster> eligible = eligibility.eligible().stream().map(c -> new Cluster(c, 0)).toList();
        Set<Integer> currentIndexes = new HashSet<>();
        request.currentDecision().forEach(ref -> fleet.find(ref).ifPresent(c -> currentIndexes.add(c.index())));
        return new PlacementFact(request, eligibility, eligible, currentIndexes);
    }

    /** The same placement after a spec change: generation 2, previous decision for generation 1. */
    private PlacementFact edited(PlacementSpec spec, String... current) {
        Placement placement = Placements.withDecisions(placement("p", spec), current);
        placement.metadata().generation(2L);
        return fact(fleet, placement);
    }

    private static ClusterAssignment assign(PlacementFact placement, int slot, Cluster cluster) {
        return new ClusterAssignment(placement, slot, cluster);
    }

    private ClusterAssignment[] assign(PlacementFact placement, String... clusters) {
        return IntStream.range(0, clusters.length).mapToObj(i -> assign(placement, i, cluster(clusters[i])))
                .toArray(ClusterAssignment[]::new);
    }

    @Test
    void unhealthyClusterIsHardUnlessTolerated() {
        PlacementFact strict = fact(Specs.pickN(1).build());
        PlacementFact tolerant = fact(Specs.pickN(1).tolerate(Toleration.UNHEALTHY, null).build());

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
    void deletingClusterIsHardEvenForThePlacementThatSelectedIt() {
        PlacementFact selectedIt = fact(Placements.pickN(2), "leaving", "eu-1");

        verifier.verifyThat(FleetConstraintProvider::deletingCluster)
                .given(assign(selectedIt, "leaving", "eu-1"))
                .penalizesBy(1);
    }

    @Test
    void predicateMismatchIsHard() {
        PlacementFact prodOnly = fact(Specs.pickN(1).clusterSets("prod").build());

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
    void emptySlotCostsOneEach() {
        PlacementFact placement = fact(Placements.pickN(3));

        verifier.verifyThat(FleetConstraintProvider::unfilledSlot)
                .given(assign(placement, 0, null), assign(placement, 1, null), assign(placement, 2, cluster("eu-1")))
                .penalizesBy(2);
    }

    /** Kubernetes skew: max minus min over the eligible domains, so PickN 4 over 3 regions is never 2/2/0. */
    @Test
    void requiredSpreadCountsClustersBeyondMaxMinusMin() {
        PlacementFact spread = fact(Specs.pickN(4).spread("location", 1).build());

        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(spread, "eu-1", "eu-2", "us-1", "us-2"))
                .penalizesBy(2);
        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(spread, "eu-1", "eu-2", "us-1", "ap-1"))
                .penalizesBy(0);
        // 2/0/0: the emptiest eligible domain holds 0, so two in eu is one too many.
        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(spread, "eu-1", "eu-2"))
                .penalizesBy(1);
    }

    @Test
    void clustersWithoutTheKeyBelongToNoDomain() {
        PlacementFact spread = fact(Specs.pickN(2).spread("location", 1).build());

        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(spread, "bare", "eu-1"))
                .penalizesBy(0);
    }

    @Test
    void fewerDomainsThanMinDomainsCountTheEmptiestAsZero() {
        PlacementFact three = fact(Specs.pickN(4)
                .spread(new TopologySpreadConstraint("location", 1, TopologySpreadConstraint.DO_NOT_SCHEDULE, 3))
                .build());
        PlacementFact four = fact(Specs.pickN(4)
                .spread(new TopologySpreadConstraint("location", 1, TopologySpreadConstraint.DO_NOT_SCHEDULE, 4))
                .build());

        // eu, us and ap are eligible: with minDomains 3 the minimum is the real one (1).
        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(three, "eu-1", "eu-2", "us-1", "ap-1"))
                .penalizesBy(0);
        // With minDomains 4 it counts as 0, so no domain may hold more than maxSkew.
        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(four, "eu-1", "eu-2", "us-1", "ap-1"))
                .penalizesBy(1);
        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(four, "eu-1", "us-1", "ap-1"))
                .penalizesBy(0);
    }

    @Test
    void everyConstraintApplies() {
        // location spread is kept (1/1/1 + 1); clusterset spread is not: prod 1, dev 3.
        PlacementFact two = fact(Specs.pickN(4).spread("location", 1).spread("clusterset.k8s.io", 1).build());

        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(two, "eu-1", "us-1", "us-2", "ap-1"))
                .penalizesBy(1);
    }

    @Test
    void preferredSpreadCostsInTheRankingAndNotAsARequirement() {
        PlacementFact anyway = fact(Specs.pickN(4).spreadAnyway("location", 1).build());

        verifier.verifyThat(FleetConstraintProvider::preferredSpread)
                .given(assign(anyway, "eu-1", "eu-2", "us-1", "us-2"))
                .penalizesBy(2 * FleetConstraintProvider.PREFERRED_SPREAD_PENALTY);
        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(anyway, "eu-1", "eu-2", "us-1", "us-2"))
                .penalizesBy(0);
    }

    @Test
    void olderSingleSpreadIsARequiredConstraint() {
        PlacementFact older = fact(Specs.pickN(4).topologySpread("location", 1).build());

        verifier.verifyThat(FleetConstraintProvider::requiredSpread)
                .given(assign(older, "eu-1", "eu-2", "us-1", "us-2"))
                .penalizesBy(2);
    }

    @Test
    void locationPreferenceRewardsEarlierLocationsMore() {
        PlacementFact placement = fact(Specs.pickN(2).preferLocations("us", "eu").build());

        verifier.verifyThat(FleetConstraintProvider::locationPreference)
                .given(assign(placement, 0, cluster("us-1")), assign(placement, 1, cluster("eu-1")))
                .rewardsWith(100 + 50);
    }

    @Test
    void clusterSetPreferenceRewardsEarlierClusterSetsMore() {
        PlacementFact placement = fact(Specs.pickN(2).preferClusterSets("prod", "dev", "edge").build());

        verifier.verifyThat(FleetConstraintProvider::clusterSetPreference)
                .given(assign(placement, 0, cluster("eu-1")), assign(placement, 1, cluster("us-1")))
                .rewardsWith(100 + 66);
    }

    @Test
    void propertySorterScalesBetweenEligibleMinimumAndMaximum() {
        PlacementFact descending = fact(Specs.pickN(1).sorter("cpu", "Descending", 2).build());
        PlacementFact ascending = fact(Specs.pickN(1).sorter("cpu", "Ascending", 1).build());

        // cpu over eligible clusters spans 16..64: 32 sits at one third.
        verifier.verifyThat(FleetConstraintProvider::propertySorter)
                .given(assign(descending, 0, cluster("eu-1")), assign(descending, 1, cluster("eu-2")))
                .rewardsWith(200 + 2 * 33);
        verifier.verifyThat(FleetConstraintProvider::propertySorter)
                .given(assign(ascending, 0, cluster("us-1")), assign(ascending, 1, cluster("ap-1")))
                .rewardsWith(100);
    }

    @Test
    void stabilityRewardsCurrentClustersWhileTheSpecIsUnchanged() {
        verifier.verifyThat(FleetConstraintProvider::stability)
                .given(assign(fact(Placements.pickN(2), "eu-2"), "eu-1", "eu-2"))
                .rewardsWith(1);
        verifier.verifyThat(FleetConstraintProvider::stability)
                .given(assign(edited(Placements.pickN(2), "eu-2"), "eu-1", "eu-2"))
                .rewardsWith(0);
        verifier.verifyThat(FleetConstraintProvider::stability)
                .given(assign(fact(Specs.pickN(2).stability(Scoring.NONE).build(), "eu-2"), "eu-1", "eu-2"))
                .rewardsWith(0);
    }

    @Test
    void currentClustersWinTiesAfterASpecChangeAndWithoutStability() {
        verifier.verifyThat(FleetConstraintProvider::currentOnTie)
                .given(assign(edited(Placements.pickN(2), "eu-2"), "eu-1", "eu-2"))
                .rewardsWith(1);
        verifier.verifyThat(FleetConstraintProvider::currentOnTie)
                .given(assign(fact(Specs.pickN(2).stability(Scoring.NONE).build(), "eu-2"), "eu-1", "eu-2"))
                .rewardsWith(1);
        // While stability holds, the stability level says it already.
        verifier.verifyThat(FleetConstraintProvider::currentOnTie)
                .given(assign(fact(Placements.pickN(2), "eu-2"), "eu-1", "eu-2"))
                .rewardsWith(0);
    }

    @Test
    void loadBalanceCostsTheBalanceWeightsTimesTheLoad() {
        PlacementFact a = fact(Placements.pickN(1));
        PlacementFact b = fact(Placements.pickN(1));
        PlacementFact indifferent = fact(Specs.pickN(1).balanceWeight(0).build());
        PlacementFact heavy = fact(Specs.pickN(1).balanceWeight(5).build());

        // Weight 1 each: two on one cluster cost 2 x 2, on two clusters 1 + 1.
        verifier.verifyThat(FleetConstraintProvider::loadBalance)
                .given(assign(a, 0, cluster("eu-1")), assign(b, 0, cluster("eu-1")))
                .penalizesBy(4);
        verifier.verifyThat(FleetConstraintProvider::loadBalance)
                .given(assign(a, 0, cluster("eu-1")), assign(b, 0, cluster("eu-2")))
                .penalizesBy(2);
        // Three placements fixed on it already: 4² - 3², the part of the squared load the solver adds.
        verifier.verifyThat(FleetConstraintProvider::loadBalance)
                .given(assign(a, 0, cluster("eu-1", 3)))
                .penalizesBy(7);
        // A weight of 0 still counts as load for the others.
        verifier.verifyThat(FleetConstraintProvider::loadBalance)
                .given(assign(indifferent, 0, cluster("eu-1")), assign(b, 0, cluster("eu-1")))
                .penalizesBy(2);
        verifier.verifyThat(FleetConstraintProvider::loadBalance)
                .given(assign(heavy, 0, cluster("eu-1")), assign(b, 0, cluster("eu-1")))
                .penalizesBy(12);
    }

    /**
     * The levels in order, by the scores of whole decisions: one point of a higher level outweighs
     * the most a spec the CRD accepts can put on the levels below. The ranking at its extremes: 16
     * sorters of weight 10, a first location and clusterset, 16 preferred terms of weight -100
     * (at most ±1,600 per cluster), an untolerated PreferNoSelect taint and the largest balance
     * weight on a busy cluster.
     */
    @Test
    void eachLevelOutweighsEverythingBelowIt() {
        Fleet ranked = Profiles.fleet(
                profile("eu-1").location("eu").clusterSet("prod").property("cpu", "64")
                        .taints("[{\"key\": \"example.com/spot\", \"effect\": \"PreferNoSelect\"}]"),
                profile("us-1").location("us").clusterSet("dev").property("cpu", "16"));
        Specs richest = Specs.pickN(1).preferLocations("us").preferClusterSets("dev")
                .balanceWeight(Scoring.MAX_BALANCE_WEIGHT);
        IntStream.range(0, 16).forEach(i -> richest.sorter("cpu", "Ascending", PropertySorter.MAX_WEIGHT));
        IntStream.range(0, PreferredTerm.MAX_TERMS)
                .forEach(i -> richest.preferredTerm(PreferredTerm.MIN_WEIGHT, "location == 'eu'"));
        PlacementFact steady = fact(ranked, richest.build(), "eu-1");

        // Kept: stability, with the worst ranking a cluster can have: 50 fixed placements of the
        // largest balance weight on it, every preferred term against it, and a PreferNoSelect taint.
        long worst = -100 * 101 - PreferenceScores.MAX_PREFERRED_TERMS - PreferenceScores.PREFER_NO_SELECT_PENALTY;
        assertThat(worst).isEqualTo(-12_700);
        BendableLongScore kept = BendableLongScore.of(new long[] {0, 0, 0}, new long[] {1, worst, 0, 0});
        verifier.verifyThat().given(assign(steady, 0, new Cluster(ranked.clusters().get(0), 50,
                50L * Scoring.MAX_BALANCE_WEIGHT, new ClusterResources(ranked.clusters().get(0), ResourceStrategy.Spread))))
                .scores(kept);
        // Moved: every preference at its maximum on an empty cluster.
        long best = 100 + 100 + 16 * 10 * 100 - 100;
        BendableLongScore moved = BendableLongScore.of(new long[] {0, 0, 0}, new long[] {0, best, 0, 0});
        verifier.verifyThat().given(assign(steady, 0, new Cluster(ranked.clusters().get(1), 0))).scores(moved);
        assertThat(kept).isGreaterThan(moved);

        // Filling a slot outweighs stability; required spread outweighs filling; hard rules outweigh all.
        PlacementFact spread = fact(Specs.pickN(2).spread("location", 1).build(), "eu-1", "eu-2");
        BendableLongScore filled = BendableLongScore.of(new long[] {0, -1, 0}, new long[] {2, -2, 0, 0});
        verifier.verifyThat().given(assign(spread, "eu-1", "eu-2")).scores(filled);
        BendableLongScore open = BendableLongScore.of(new long[] {0, 0, -1}, new long[] {1, -1, 0, 0});
        verifier.verifyThat().given(assign(spread, 0, cluster("eu-1")), assign(spread, 1, null)).scores(open);
        assertThat(open).isGreaterThan(filled);
        BendableLongScore broken = BendableLongScore.of(new long[] {-1, 0, 0}, new long[] {0, -1, 0, 0});
        verifier.verifyThat().given(assign(fact(Placements.pickN(1)), 0, cluster("sick"))).scores(broken);
        assertThat(filled).isGreaterThan(broken);

        // Keeping a current cluster on a tie is the very last word.
        PlacementFact fresh = edited(Specs.pickN(1).preferLocations("us").build(), "eu-1");
        BendableLongScore tie = BendableLongScore.of(new long[] {0, 0, 0}, new long[] {0, -1, 0, 1});
        verifier.verifyThat().given(assign(fresh, 0, cluster("eu-1"))).scores(tie);
        BendableLongScore preferred = BendableLongScore.of(new long[] {0, 0, 0}, new long[] {0, 99, 0, 0});
        verifier.verifyThat().given(assign(fresh, 0, cluster("us-1"))).scores(preferred);
        assertThat(preferred).isGreaterThan(tie);
    }

    @Test
    void everyConstraintWeighsOnExactlyTheLevelItIsDocumentedFor() {
        assertThat(List.of(ScoreLevel.values())).containsExactly(ScoreLevel.RULES, ScoreLevel.REQUIRED_SPREAD,
                ScoreLevel.FILL, ScoreLevel.STABILITY, ScoreLevel.RANKING, ScoreLevel.UTILIZATION, ScoreLevel.TIE_BREAK);
        for (int i = 1; i < ScoreLevel.values().length; i++) {
            assertThat(ScoreLevel.values()[i - 1].unit()).isGreaterThan(
                    ScoreLevel.values()[i].unit().multiply(Long.MAX_VALUE / 4));
        }
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

    /** A fleet whose clusters publish cpu and memory capacity, KubeFleet's way and the others'. */
    private static final Fleet SIZED = Profiles.fleet(
            profile("big").location("eu").property("resources.kubernetes-fleet.io/allocatable-cpu", "8")
                    .property("resources.kubernetes-fleet.io/allocatable-memory", "32Gi"),
            profile("small").location("eu").property("cpu.allocatable", "2").property("memory.allocatable", "8Gi"),
            profile("busy").location("eu").property("cpu.available", "1").property("memory.available", "4Gi"),
            profile("unsized").location("eu"));

    private static Cluster sized(String name, ResourceStrategy strategy) {
        ClusterFact fact = SIZED.clusters().stream().filter(c -> c.ref().name().equals(name)).findFirst().orElseThrow();
        return new Cluster(fact, 0, new ClusterResources(fact, strategy));
    }

    private static Cluster sized(String name) {
        return sized(name, ResourceStrategy.Spread);
    }

    @Test
    void requestsWithinCapacityAreAHardRuleWhateverTheResource() {
        PlacementFact threeCpu = fact(SIZED, Specs.pickN(1).requests("cpu", "3").build());
        PlacementFact oneCpu = fact(SIZED, Specs.pickN(1).requests("cpu", "1").build());
        PlacementFact memory = fact(SIZED, Specs.pickN(1).requests("memory", "9Gi").build());
        Cluster small = sized("small");

        // 3 of 2 cpu: 1 over, 500 thousandths of the capacity.
        verifier.verifyThat(FleetConstraintProvider::resourcesExceeded)
                .given(assign(threeCpu, 0, small)).penalizesBy(500);
        verifier.verifyThat(FleetConstraintProvider::resourcesExceeded)
                .given(assign(oneCpu, 0, small), assign(fact(SIZED, Specs.pickN(1).requests("cpu", "1").build()), 0, small))
                .penalizesBy(0);
        // One byte too many still counts.
        verifier.verifyThat(FleetConstraintProvider::resourcesExceeded)
                .given(assign(fact(SIZED, Specs.pickN(1).requests("memory", "8589934593").build()), 0, small))
                .penalizesBy(1);
        verifier.verifyThat(FleetConstraintProvider::resourcesExceeded)
                .given(assign(memory, 0, sized("big"))).penalizesBy(0);
        // No capacity reported: no room at all.
        verifier.verifyThat(FleetConstraintProvider::resourcesExceeded)
                .given(assign(oneCpu, 0, sized("unsized"))).penalizesBy(1_000);
    }

    @Test
    void fixedPlacementsAreAccountedFirstAndOnlyWhatTheSolverAddsCounts() {
        Cluster small = sized("small");
        small.resources().addFixed(new io.meridian.scheduler.placement.ResourceRequests(
                new java.util.TreeMap<>(Map.of("cpu", 1_500L))), false);
        PlacementFact oneCpu = fact(SIZED, Specs.pickN(1).requests("cpu", "1").build());

        // 1.5 fixed + 1 of 2: 0.5 over, 250 thousandths.
        verifier.verifyThat(FleetConstraintProvider::resourcesExceeded)
                .given(assign(oneCpu, 0, small)).penalizesBy(250);
    }

    @Test
    void availableAlreadyHoldsThePlacementsThatWereThere() {
        Cluster busy = sized("busy");
        PlacementFact stays = fact(SIZED, Specs.pickN(1).requests("cpu", "2").build(), "busy");
        PlacementFact arrives = fact(SIZED, Specs.pickN(1).requests("cpu", "2").build());

        verifier.verifyThat(FleetConstraintProvider::resourcesExceeded)
                .given(assign(stays, 0, busy)).penalizesBy(0);
        verifier.verifyThat(FleetConstraintProvider::resourcesExceeded)
                .given(assign(arrives, 0, busy)).penalizesBy(1_000);
    }

    @Test
    void spreadCostsUtilisationSquaredAndPackRewardsIt() {
        PlacementFact oneCpu = fact(SIZED, Specs.pickN(1).requests("cpu", "1").build());

        // 1 of 8 cpu is 125 thousandths: 125² = 15,625; 1 of 2 is 500: 250,000.
        verifier.verifyThat(FleetConstraintProvider::resourceSpread)
                .given(assign(oneCpu, 0, sized("big"))).penalizesBy(15_625);
        verifier.verifyThat(FleetConstraintProvider::resourceSpread)
                .given(assign(oneCpu, 0, sized("small"))).penalizesBy(250_000);
        verifier.verifyThat(FleetConstraintProvider::resourcePack)
                .given(assign(oneCpu, 0, sized("small", ResourceStrategy.Pack))).rewardsWith(250_000);
        verifier.verifyThat(FleetConstraintProvider::resourceSpread)
                .given(assign(oneCpu, 0, sized("small", ResourceStrategy.Pack))).penalizesBy(0);
        // Placements without requests take no part.
        verifier.verifyThat(FleetConstraintProvider::resourceSpread)
                .given(assign(fact(SIZED, Placements.pickN(1)), 0, sized("small"))).penalizesBy(0);
    }

    /** The resource strategy decides only between clusters the preferences rank equal. */
    @Test
    void theResourceStrategyIsBelowTheRanking() {
        PlacementFact preferSmall = fact(SIZED, Specs.pickN(1).requests("cpu", "1").preferredTerm(1, "clusterName == 'small'")
                .balanceWeight(0).build());
        BendableLongScore onSmall = BendableLongScore.of(new long[] {0, 0, 0}, new long[] {0, 1, -250_000, 0});
        BendableLongScore onBig = BendableLongScore.of(new long[] {0, 0, 0}, new long[] {0, 0, -15_625, 0});
        verifier.verifyThat().given(assign(preferSmall, 0, sized("small"))).scores(onSmall);
        verifier.verifyThat().given(assign(preferSmall, 0, sized("big"))).scores(onBig);
        assertThat(onSmall).isGreaterThan(onBig);
    }
}
