package io.meridian.scheduler.solver;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.placement.PlacementSpec;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.placement.Placements;
import io.meridian.scheduler.placement.ResourceRequests;
import io.meridian.scheduler.placement.Specs;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shortlist of candidate clusters the solver chooses a placement's clusters from. */
class PlacementFactTest {

    private static final Instant NOW = Profiles.SINCE.toInstant().plusSeconds(3600);
    private static final int CLUSTERS = 100;

    /** 100 clusters, {@code rank} 0 to 99, each with 2 cpu and room for one placement by count when {@code sized}. */
    private static Fleet fleet(boolean sized) {
        return Profiles.fleet(IntStream.range(0, CLUSTERS).mapToObj(i -> {
            Profiles profile = profile(name(i)).location("eu").property("rank", String.valueOf(i));
            return sized ? profile.property("cpu.allocatable", "2")
                    .property(FleetOptions.DEFAULT_CAPACITY_PROPERTY, "1") : profile;
        }).toArray(Profiles[]::new));
    }

    private static String name(int rank) {
        return String.format("c-%03d", rank);
    }

    /** Each eligible cluster with what {@code fixed} says is already on it. */
    private static PlacementFact fact(Fleet fleet, String key, PlacementSpec spec, Predicate<String> full,
                                      String... current) {
        PlacementRequest request = new PlacementValidator(null)
                .validate(Placements.withDecisions(placement(key, spec), current)).request();
        Eligibility eligibility = new ClusterFilter().filter(request, fleet, NOW);
        List<Cluster> eligible = eligibility.eligible().stream().map(f -> cluster(f, full.test(f.ref().name()))).toList();
        Set<Integer> currentIndexes = new HashSet<>();
        request.currentDecision().forEach(ref -> fleet.find(ref).ifPresent(c -> currentIndexes.add(c.index())));
        return new PlacementFact(request, eligibility, eligible, currentIndexes);
    }

    private static Cluster cluster(ClusterFact fact, boolean full) {
        ClusterResources resources = new ClusterResources(fact, ResourceStrategy.Spread);
        if (full) {
            resources.addFixed(new ResourceRequests(new TreeMap<>(Map.of("cpu", 2_000L))), false);
        }
        return new Cluster(fact, full ? 1 : 0, full ? 1 : 0, resources);
    }

    private static List<String> names(PlacementFact fact) {
        return fact.candidateClusters().stream().map(c -> c.fact().ref().name()).toList();
    }

    private static List<String> best(int from, int count) {
        return IntStream.range(0, count).mapToObj(i -> name(from - i)).toList();
    }

    @Test
    void withoutCapacitiesTheBestRankedAndTheCurrentClustersAreCandidates() {
        PlacementFact fact = fact(fleet(false), "p", Specs.pickN(2).sorter("rank", "Descending", 1).build(),
                name -> false, "c-005");

        assertThat(names(fact)).hasSize(PlacementFact.MIN_CANDIDATES + 1)
                .containsAll(best(CLUSTERS - 1, PlacementFact.MIN_CANDIDATES)).contains("c-005");
    }

    @Test
    void theCandidatesContainExactlyTheClustersTheyList() {
        Fleet fleet = fleet(false);
        PlacementFact fact = fact(fleet, "p", Specs.pickN(2).sorter("rank", "Descending", 1).build(),
                name -> false, "c-005");
        List<Cluster> all = fleet.clusters().stream().map(c -> cluster(c, false)).toList();

        assertThat(all).filteredOn(fact.candidateClusters()::contains)
                .extracting(c -> c.fact().ref().name()).containsExactlyInAnyOrderElementsOf(names(fact));
        assertThat(all).filteredOn(c -> !fact.candidateClusters().contains(c)).hasSize(CLUSTERS - names(fact).size());
        assertThat(fact.candidateClusters().contains("c-005")).isFalse();
    }

    @Test
    void equallyPreferredClustersAreShortlistedTheSameWayEveryTimeButDifferentlyPerPlacement() {
        Fleet fleet = fleet(false);
        PlacementSpec spec = Specs.pickN(1).build();

        List<String> first = names(fact(fleet, "a", spec, name -> false));
        assertThat(first).hasSize(PlacementFact.MIN_CANDIDATES);
        assertThat(names(fact(fleet, "a", spec, name -> false))).isEqualTo(first);
        assertThat(names(fact(fleet, "b", spec, name -> false))).isNotEqualTo(first);
    }

    @Test
    void withCapacitiesFullClustersGiveWayToTheBestWithRoomAndSomeMoreWithRoom() {
        // The 20 most preferred are full, by cpu and by count.
        Predicate<String> full = name -> name.compareTo(name(CLUSTERS - 20)) >= 0;
        PlacementFact fact = fact(fleet(true), "p",
                Specs.pickN(1).sorter("rank", "Descending", 1).requests("cpu", "1").build(), full);

        List<String> candidates = names(fact);
        assertThat(candidates).containsAll(best(CLUSTERS - 21, PlacementFact.MIN_LIMITED_CANDIDATES))
                .noneMatch(full)
                .hasSizeGreaterThan(PlacementFact.MIN_LIMITED_CANDIDATES)
                .hasSizeLessThanOrEqualTo((1 + PlacementFact.ROOM_SAMPLE_FACTOR) * PlacementFact.MIN_LIMITED_CANDIDATES);
        assertThat(fact.candidateClusters()).allMatch(c -> c.remainingCapacity() > 0);
    }

    @Test
    void aFullCurrentClusterStaysACandidate() {
        PlacementFact fact = fact(fleet(true), "p",
                Specs.pickN(1).sorter("rank", "Descending", 1).requests("cpu", "1").build(),
                name -> name.equals("c-099"), "c-099");

        assertThat(names(fact)).contains("c-099");
    }

    @Test
    void withTooFewClustersWithRoomTheBestWithoutRoomAreCandidatesToo() {
        Set<String> withRoom = Set.of("c-001", "c-002", "c-003");
        PlacementFact fact = fact(fleet(true), "p",
                Specs.pickN(5).sorter("rank", "Descending", 1).requests("cpu", "1").build(),
                name -> !withRoom.contains(name));

        int size = PlacementFact.LIMITED_CANDIDATES_PER_SLOT * 5;
        assertThat(names(fact)).hasSize(size).containsAll(withRoom).containsAll(best(CLUSTERS - 1, size - 3));
    }

    @Test
    void aRequestForAResourceNoClusterReportsLeavesEveryClusterWithoutRoom() {
        PlacementFact fact = fact(fleet(true), "p",
                Specs.pickN(1).sorter("rank", "Descending", 1).requests("nvidia.com/gpu", "1").build(), name -> false);

        assertThat(names(fact)).containsExactlyInAnyOrderElementsOf(best(CLUSTERS - 1, PlacementFact.MIN_LIMITED_CANDIDATES));
    }
}
