package io.meridian.scheduler.scheduling;

import io.meridian.scheduler.solver.FleetConstraintProvider;
import io.meridian.scheduler.solver.SchedulingOptions;
import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.pickN;
import static io.meridian.scheduler.placement.Placements.placement;
import static io.meridian.scheduler.placement.Placements.withDecisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.spy;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementType;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.Toleration;
import io.meridian.api.placement.TopologySpread;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.ClusterFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FleetSchedulerTest {

    private static final Instant NOW = Profiles.SINCE.toInstant().plus(Duration.ofMinutes(10));

    private final FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());

    private static PlacementSpec preferring(int n, String... locations) {
        return new PlacementSpec("PickN", n, null, null, null, null,
                new Preferences(List.of(locations), null, null), null, null);
    }

    private static List<String> names(PlacementOutcome outcome) {
        return outcome.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    private static Fleet threeLocations() {
        return Profiles.fleet(
                profile("eu-1").location("eu"), profile("eu-2").location("eu"),
                profile("us-1").location("us"), profile("us-2").location("us"),
                profile("ap-1").location("ap"), profile("ap-2").location("ap"));
    }

    @Test
    void picksPreferredLocationsAndSortsDecisionsByName() {
        PlacementOutcome outcome = scheduler.schedule(threeLocations(),
                List.of(placement("web", preferring(2, "us"))), NOW).get("apps/web");

        assertThat(names(outcome)).containsExactly("us-1", "us-2");
        assertThat(outcome.requested()).isEqualTo(2);
        assertThat(outcome.unselectedCount()).isEqualTo(4);
        assertThat(outcome.unselected()).allSatisfy(u -> assertThat(u.reason()).contains("ranked lower"));
        assertThat(outcome.decisions()).allSatisfy(d -> assertThat(d.reason()).contains(FleetConstraintProvider.LOCATION_PREFERENCE));
    }

    @Test
    void sameInputGivesTheSameOutcome() {
        List<Placement> placements = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> placements.add(placement("p" + i, pickN(1 + i % 3))));
        Fleet fleet = threeLocations();

        Map<String, PlacementOutcome> first = new FleetScheduler(SchedulingOptions.defaults()).schedule(fleet, placements, NOW);
        List<Placement> reversed = new ArrayList<>(placements);
        Collections.reverse(reversed);
        Map<String, PlacementOutcome> second = new FleetScheduler(SchedulingOptions.defaults())
                .schedule(fleet, reversed, NOW);

        assertThat(second).isEqualTo(first);
        assertThat(List.copyOf(first.keySet())).isSorted();
    }

    @Test
    void spreadsLoadAcrossClusters() {
        List<Placement> placements = IntStream.range(0, 6).mapToObj(i -> placement("p" + i, pickN(1))).toList();

        Map<String, PlacementOutcome> outcomes = scheduler.schedule(threeLocations(), placements, NOW);

        assertThat(outcomes.values().stream().map(o -> names(o).get(0)).distinct()).hasSize(6);
    }

    @Test
    void keepsCurrentClusterWhenABetterOneAppears() {
        Placement current = withDecisions(placement("web", preferring(1, "eu")), "us-1");

        PlacementOutcome outcome = scheduler.schedule(threeLocations(), List.of(current), NOW).get("apps/web");

        assertThat(names(outcome)).containsExactly("us-1");
    }

    @Test
    void reschedulingItsOwnDecisionChangesNothing() {
        List<Placement> placements = IntStream.range(0, 8)
                .mapToObj(i -> placement("p" + i, preferring(1 + i % 3, "eu", "us"))).toList();
        Map<String, PlacementOutcome> first = scheduler.schedule(threeLocations(), placements, NOW);

        List<Placement> decided = placements.stream().map(p -> p.withStatus(new io.meridian.api.placement.PlacementStatus(
                1L, first.get(p.key()).decisions().size(), first.get(p.key()).decisions(), List.of(), List.of(), 0))).toList();
        Map<String, PlacementOutcome> second = scheduler.schedule(threeLocations(), decided, NOW.plusSeconds(60));

        assertThat(second).isEqualTo(first);
    }

    @Test
    void replacesCurrentClusterThatTurnedUnhealthy() {
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu").healthy("False"), profile("eu-2").location("eu"),
                profile("us-1").location("us"));
        Placement current = withDecisions(placement("web", preferring(2, "eu")), "eu-1", "eu-2");

        PlacementOutcome outcome = scheduler.schedule(fleet, List.of(current), NOW).get("apps/web");

        assertThat(names(outcome)).containsExactly("eu-2", "us-1");
        assertThat(outcome.unselected()).anySatisfy(u -> {
            assertThat(u.clusterProfileRef().name()).isEqualTo("eu-1");
            assertThat(u.reason()).contains("ControlPlaneHealthy");
        });
    }

    @Test
    void keepsUnhealthyClusterWhileTolerated() {
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu").healthy("False", Profiles.SINCE),
                profile("eu-2").location("eu"), profile("us-1").location("us"));
        PlacementSpec spec = new PlacementSpec("PickN", 2, null, null, null, null,
                new Preferences(List.of("eu"), null, null), null, List.of(new Toleration(Toleration.UNHEALTHY, 3600L)));
        Placement current = withDecisions(placement("web", spec), "eu-1", "eu-2");

        PlacementOutcome tolerated = scheduler.schedule(fleet, List.of(current), NOW).get("apps/web");
        PlacementOutcome expired = scheduler.schedule(fleet, List.of(current), NOW.plus(Duration.ofHours(1))).get("apps/web");

        assertThat(names(tolerated)).containsExactly("eu-1", "eu-2");
        assertThat(tolerated.nextReview()).isEqualTo(Profiles.SINCE.toInstant().plusSeconds(3600));
        assertThat(names(expired)).containsExactly("eu-2", "us-1");
    }

    /** One tenant's huge toleration must neither fail the pass for everyone nor ask for a pass at an unreachable time. */
    @Test
    void aHugeTolerationKeepsTheClusterForAVeryLongTime() {
        Fleet fleet = Profiles.fleet(profile("eu-1").location("eu").healthy("False", Profiles.SINCE),
                profile("eu-2").location("eu"), profile("us-1").location("us"));
        PlacementSpec spec = new PlacementSpec("PickN", 2, null, null, null, null,
                new Preferences(List.of("eu"), null, null), null,
                List.of(new Toleration(Toleration.UNHEALTHY, 100_000_000_000_000_000L)));
        Placement huge = withDecisions(placement("huge", spec), "eu-1", "eu-2");
        Placement other = placement("other", preferring(1, "us"));

        Map<String, PlacementOutcome> outcomes = scheduler.schedule(fleet, List.of(huge, other), NOW);

        assertThat(names(outcomes.get("apps/huge"))).containsExactly("eu-1", "eu-2");
        assertThat(outcomes.get("apps/huge").nextReview()).isNull();
        assertThat(names(outcomes.get("apps/other"))).containsExactly("us-1");
    }

    @Test
    void reportsNotEnoughClustersWithWhatItCouldSelect() {
        PlacementOutcome outcome = scheduler.schedule(threeLocations(), List.of(placement("big", pickN(10))), NOW)
                .get("apps/big");

        assertThat(outcome.requested()).isEqualTo(10);
        assertThat(outcome.decisions()).hasSize(6);
    }

    @Test
    void respectsCapacityAcrossPlacements() {
        Fleet fleet = Profiles.fleet(
                profile("a").property("placements.meridian.io/capacity", "1"),
                profile("b").property("placements.meridian.io/capacity", "1"),
                profile("c").property("placements.meridian.io/capacity", "1"));
        List<Placement> placements = List.of(placement("p1", pickN(2)), placement("p2", pickN(2)));

        Map<String, PlacementOutcome> outcomes = scheduler.schedule(fleet, placements, NOW);

        int selected = outcomes.values().stream().mapToInt(o -> o.decisions().size()).sum();
        assertThat(selected).isEqualTo(3);
        assertThat(outcomes.values().stream().flatMap(o -> names(o).stream()).distinct()).hasSize(3);
    }

    @Test
    void pickAllAndPickFixedCountTowardsCapacity() {
        Fleet fleet = Profiles.fleet(
                profile("a").property("placements.meridian.io/capacity", "1"),
                profile("b").property("placements.meridian.io/capacity", "1"));
        PlacementSpec fixed = new PlacementSpec("PickFixed", null, List.of("fleet/a"), null, null, null, null, null, null);

        Map<String, PlacementOutcome> outcomes = scheduler.schedule(fleet,
                List.of(placement("fixed", fixed), placement("one", pickN(1))), NOW);

        assertThat(names(outcomes.get("apps/fixed"))).containsExactly("a");
        assertThat(outcomes.get("apps/fixed").type()).isEqualTo(PlacementType.PickFixed);
        assertThat(names(outcomes.get("apps/one"))).containsExactly("b");
    }

    @Test
    void spreadsOverTopologyKey() {
        PlacementSpec spec = new PlacementSpec("PickN", 3, null, null, null, null,
                new Preferences(List.of("eu"), null, null), new TopologySpread("location", 1), null);

        PlacementOutcome outcome = scheduler.schedule(threeLocations(), List.of(placement("spread", spec)), NOW)
                .get("apps/spread");

        assertThat(outcome.decisions()).extracting(d -> d.clusterProfileRef().name().substring(0, 2))
                .containsExactlyInAnyOrder("eu", "us", "ap");
    }

    @Test
    void misconfiguredPlacementKeepsItsPreviousDecision() {
        Placement broken = withDecisions(placement("web", pickN(0)), "eu-1", "us-1");

        PlacementOutcome outcome = scheduler.schedule(threeLocations(), List.of(broken), NOW).get("apps/web");

        assertThat(outcome.isMisconfigured()).isTrue();
        assertThat(outcome.misconfiguration()).contains("spec.numberOfClusters");
        assertThat(outcome.decisions()).extracting(Decision::clusterProfileRef)
                .containsExactly(new ClusterProfileRef("fleet", "eu-1"), new ClusterProfileRef("fleet", "us-1"));
    }

    @Test
    void emptyFleetSelectsNothingWithoutFailing() {
        PlacementOutcome outcome = scheduler.schedule(Fleet.of(List.of()), List.of(placement("web", pickN(2))), NOW)
                .get("apps/web");

        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.isMisconfigured()).isFalse();
    }

    @Test
    void rememberedMatchesGiveWhatAFreshSchedulerGives() {
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Placement p = placement("p" + i, new PlacementSpec("PickN", 2, null, null, null,
                    java.util.List.of(new io.meridian.api.placement.ClusterSelectorTerm(new io.kubernetes.client.openapi.models.V1LabelSelector()
                            .putMatchLabelsItem("tier", i % 2 == 0 ? "gold" : "silver"), null, null)),
                    new Preferences(List.of("eu"), null, null), null, null));
            p.metadata().uid("uid-" + i);
            placements.add(p);
        }
        Fleet before = Profiles.fleet(profile("eu-1").location("eu").label("tier", "gold"),
                profile("eu-2").location("eu").label("tier", "silver"), profile("us-1").location("us").label("tier", "gold"),
                profile("us-2").location("us").label("tier", "silver"));
        Fleet after = Profiles.fleet(profile("ap-1").location("ap").label("tier", "gold"),
                profile("eu-1").location("eu").label("tier", "gold").healthy("False"),
                profile("eu-2").location("eu").label("tier", "gold"), profile("us-1").location("us").label("tier", "gold"),
                profile("us-2").location("us").label("tier", "silver"));

        scheduler.schedule(before, placements, NOW);
        Map<String, PlacementOutcome> remembered = scheduler.schedule(after, placements, NOW);
        Map<String, PlacementOutcome> fresh = new FleetScheduler(SchedulingOptions.defaults()).schedule(after, placements, NOW);

        assertThat(remembered).isEqualTo(fresh);
        // eu-2 turned gold and eu-1 unhealthy: the remembered matches must know both.
        assertThat(names(remembered.get("apps/p0"))).contains("eu-2").doesNotContain("eu-1").hasSize(2);
    }

    @Test
    void aPlacementThatBreaksItsOwnSchedulingKeepsItsDecisionAndTheOthersAreScheduled() {
        ClusterFilter filter = spy(new ClusterFilter());
        doThrow(new ArithmeticException("long overflow")).when(filter)
                .filter(argThat(request -> request != null && request.key().equals("apps/poison")), any(), any(), any());
        FleetScheduler isolating = new FleetScheduler(SchedulingOptions.defaults(), filter);
        Placement poison = withDecisions(placement("poison", pickN(1)), "eu-1");

        Map<String, PlacementOutcome> outcomes = isolating.schedule(threeLocations(), List.of(poison,
                placement("web", preferring(2, "us")),
                placement("all", new PlacementSpec("PickAll", null, null, null, null, null, null, null, null))), NOW);

        assertThat(outcomes.get("apps/poison").misconfiguration()).contains("cannot be scheduled", "long overflow");
        assertThat(names(outcomes.get("apps/poison"))).containsExactly("eu-1");
        assertThat(names(outcomes.get("apps/web"))).containsExactly("us-1", "us-2");
        assertThat(names(outcomes.get("apps/all"))).hasSize(6);
    }
}
