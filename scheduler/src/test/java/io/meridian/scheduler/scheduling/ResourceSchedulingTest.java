package io.meridian.scheduler.scheduling;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static io.meridian.scheduler.placement.Placements.withDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.ResourceRequirements;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.meridian.scheduler.solver.ResourceStrategy;
import io.meridian.scheduler.solver.SchedulingOptions;
import org.junit.jupiter.api.Test;

/** Resource requests through the whole scheduler: accounting, the hard rule, the strategy and what the status says. */
class ResourceSchedulingTest {

    private static final Instant NOW = Profiles.SINCE.toInstant().plus(Duration.ofMinutes(10));

    private final FleetScheduler spread = new FleetScheduler(SchedulingOptions.defaults());
    private final FleetScheduler pack = new FleetScheduler(
            SchedulingOptions.defaults().withResourceStrategy(ResourceStrategy.Pack));

    /** big: 16 cpu / 64Gi (KubeFleet's properties); small: 4 cpu / 16Gi (the resource-named ones); none: nothing. */
    private static Fleet fleet() {
        return Profiles.fleet(
                profile("big").location("eu")
                        .property("resources.kubernetes-fleet.io/allocatable-cpu", "16")
                        .property("resources.kubernetes-fleet.io/allocatable-memory", "64Gi"),
                profile("small").location("eu").property("cpu.allocatable", "4").property("memory.allocatable", "16Gi"),
                profile("none").location("eu"));
    }

    private static List<String> names(PlacementOutcome outcome) {
        return outcome.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    private static String reason(PlacementOutcome outcome, String cluster) {
        return outcome.unselected().stream().filter(u -> u.clusterProfileRef().name().equals(cluster))
                .map(UnselectedCluster::reason).findFirst().orElse("not listed");
    }

    private static Map<String, String> utilization(PlacementOutcome outcome, String cluster) {
        return outcome.decisions().stream().filter(d -> d.clusterProfileRef().name().equals(cluster))
                .map(Decision::utilization).findFirst().orElseThrow();
    }

    @Test
    void pickNSelectsOnlyClustersWithRoomAfterPickAll() {
        // PickAll takes 3 cpu everywhere: small keeps 1, big 13; a 2 cpu PickN fits on big alone.
        Placement agents = placement("agents", PlacementSpec.builder("PickAll")
                .resources(ResourceRequirements.of("cpu", "3")).build());
        Placement web = placement("web", Specs.pickN(2).requests("cpu", "2", "memory", "1Gi").build());

        Map<String, PlacementOutcome> outcomes = spread.schedule(fleet(), List.of(agents, web), NOW);

        PlacementOutcome pickN = outcomes.get("apps/web");
        assertThat(names(pickN)).containsExactly("big");
        assertThat(reason(pickN, "small")).isEqualTo(
                "eligible, but needs 2 cpu; 1 of 4 allocatable left after 1 other placement");
        assertThat(reason(pickN, "none")).isEqualTo(
                "eligible, but no cpu capacity reported (property resources.kubernetes-fleet.io/allocatable-cpu)");
        assertThat(utilization(pickN, "big")).containsExactly(Map.entry("cpu", "5/16 (31%)"),
                Map.entry("memory", "1Gi/64Gi (2%)"));
        assertThat(pickN.resourceFit().fits()).isTrue();
    }

    @Test
    void pickAllOvercommitIsReportedNotHidden() {
        Placement agents = placement("agents", PlacementSpec.builder("PickAll")
                .resources(ResourceRequirements.of("cpu", "3")).build());
        Placement more = placement("more", PlacementSpec.builder("PickAll")
                .resources(ResourceRequirements.of("cpu", "2")).build());

        PlacementOutcome outcome = spread.schedule(fleet(), List.of(agents, more), NOW).get("apps/agents");

        assertThat(names(outcome)).containsExactly("big", "none", "small");
        assertThat(utilization(outcome, "small")).containsEntry("cpu", "5/4 (125%)");
        assertThat(utilization(outcome, "none")).containsEntry("cpu", "no capacity reported");
        assertThat(outcome.resourceFit().fits()).isFalse();
        assertThat(outcome.resourceFit().message()).isEqualTo("Requests of 3 cpu overcommit 2 selected clusters: "
                + "fleet/none (no cpu capacity reported (property resources.kubernetes-fleet.io/allocatable-cpu)); "
                + "fleet/small (cpu 5/4 (125%)).");
    }

    @Test
    void pickAllReadsTheSameWhetherScheduledAloneOrWithPickN() {
        Placement agents = placement("agents", PlacementSpec.builder("PickAll")
                .resources(ResourceRequirements.of("cpu", "1")).build());
        Placement web = placement("web", Specs.pickN(1).requests("cpu", "2").build());

        PlacementOutcome alone = spread.schedule(fleet(), List.of(agents), NOW).get("apps/agents");
        PlacementOutcome together = spread.schedule(fleet(), List.of(agents, web), NOW).get("apps/agents");

        assertThat(together).isEqualTo(alone);
    }

    @Test
    void spreadPrefersTheLeastUtilisedAndPackTheFullest() {
        // One cpu on small is a quarter of it; on big a sixteenth.
        Placement one = placement("one", Specs.pickN(1).requests("cpu", "1").build());

        assertThat(names(spread.schedule(fleet(), List.of(one), NOW).get("apps/one"))).containsExactly("big");
        assertThat(names(pack.schedule(fleet(), List.of(one), NOW).get("apps/one"))).containsExactly("small");
    }

    @Test
    void preferencesOutrankTheStrategy() {
        Placement small = placement("one", Specs.pickN(1).requests("cpu", "1").preferredTerm(1, "clusterName == 'small'")
                .build());

        assertThat(names(spread.schedule(fleet(), List.of(small), NOW).get("apps/one"))).containsExactly("small");
    }

    @Test
    void aPlacementAlreadyOnAClusterReportingOnlyAvailableIsNotCountedTwice() {
        // busy has 2 cpu available after everything running there, the current placement's 3 cpu included.
        Fleet busy = Profiles.fleet(profile("busy").location("eu").property("cpu.available", "2"));
        Placement staying = withDecisions(placement("web", Specs.pickN(1).requests("cpu", "3").build()), "busy");
        Placement arriving = placement("new", Specs.pickN(1).requests("cpu", "3").build());

        Map<String, PlacementOutcome> outcomes = spread.schedule(busy, List.of(staying, arriving), NOW);

        assertThat(names(outcomes.get("apps/web"))).containsExactly("busy");
        assertThat(names(outcomes.get("apps/new"))).isEmpty();
        assertThat(reason(outcomes.get("apps/new"), "busy"))
                .isEqualTo("eligible, but needs 3 cpu; 2 of 2 available left after 1 other placement");
    }

    @Test
    void aRequestThatIsNotAQuantityMakesThePlacementMisconfigured() {
        Placement bad = placement("bad", Specs.pickN(1).requests("cpu", "four").build());

        PlacementOutcome outcome = spread.schedule(fleet(), List.of(bad), NOW).get("apps/bad");

        assertThat(outcome.misconfiguration()).contains("spec.resources.requests[cpu]",
                "'four' is not a Kubernetes quantity of at least 0");
    }

    @Test
    void placementsWithoutRequestsHaveNoUtilizationOrFit() {
        PlacementOutcome outcome = spread.schedule(fleet(), List.of(placement("plain",
                io.meridian.scheduler.placement.Placements.pickN(1))), NOW).get("apps/plain");

        assertThat(outcome.resourceFit()).isNull();
        assertThat(outcome.decisions()).allSatisfy(d -> assertThat(d.utilization()).isNull());
    }
}
