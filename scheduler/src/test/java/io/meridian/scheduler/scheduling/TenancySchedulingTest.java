package io.meridian.scheduler.scheduling;

import io.meridian.scheduler.solver.SchedulingOptions;
import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.binding;
import static io.meridian.scheduler.placement.Placements.pickN;
import static io.meridian.scheduler.placement.Placements.withDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.TenancyOptions;
import io.meridian.scheduler.placement.TenancyScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scheduling within what each namespace may see: the solver never places, keeps or names another cluster. */
class TenancySchedulingTest {

    private static final Instant NOW = Profiles.SINCE.toInstant().plus(Duration.ofMinutes(10));
    private static final Fleet FLEET = Profiles.fleet(
            profile("prod-1").clusterSet("prod"), profile("prod-2").clusterSet("prod"),
            profile("staging-1").clusterSet("staging"), profile("staging-2").clusterSet("staging"),
            profile("staging-3").clusterSet("staging"));

    private final FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());

    private static Placement placement(String namespace, String name, PlacementSpec spec) {
        return new Placement(Placement.API_VERSION, Placement.KIND,
                new V1ObjectMeta().namespace(namespace).name(name).uid(namespace + "-" + name).generation(1L), spec, null);
    }

    private static TenancyScope scope(String... namespaceAndClusterSet) {
        List<io.meridian.api.tenancy.ClusterSetBinding> bindings = new ArrayList<>();
        for (int i = 0; i < namespaceAndClusterSet.length; i += 2) {
            bindings.add(binding(namespaceAndClusterSet[i], namespaceAndClusterSet[i + 1]));
        }
        return TenancyScope.of(TenancyOptions.defaults(), FLEET, bindings);
    }

    /** Every cluster the outcome names, selected or not. */
    private static List<String> named(PlacementOutcome outcome) {
        List<String> names = new ArrayList<>();
        outcome.decisions().forEach(d -> names.add(d.clusterProfileRef().name()));
        outcome.unselected().forEach(u -> names.add(u.clusterProfileRef().name()));
        return names;
    }

    @Test
    void namespacesBoundToDifferentClustersetsNeverSeeEachOthersClusters() {
        Map<String, PlacementOutcome> outcomes = scheduler.schedule(FLEET, scope("team-a", "prod", "team-b", "staging"),
                List.of(placement("team-a", "web", pickN(5)), placement("team-b", "web", pickN(5))), NOW);

        PlacementOutcome a = outcomes.get("team-a/web");
        PlacementOutcome b = outcomes.get("team-b/web");
        assertThat(a.decisions()).extracting(d -> d.clusterProfileRef().name()).containsExactly("prod-1", "prod-2");
        assertThat(named(a)).allMatch(name -> name.startsWith("prod-"));
        assertThat(a.unselectedCount()).isZero();
        assertThat(b.decisions()).extracting(d -> d.clusterProfileRef().name())
                .containsExactly("staging-1", "staging-2", "staging-3");
        assertThat(named(b)).allMatch(name -> name.startsWith("staging-"));
    }

    @Test
    void aNamespaceWithoutBindingsSelectsAndNamesNothing() {
        PlacementOutcome outcome = scheduler.schedule(FLEET, scope("team-a", "prod"),
                List.of(placement("team-c", "web", pickN(1))), NOW).get("team-c/web");

        assertThat(outcome.decisions()).isEmpty();
        assertThat(outcome.unselected()).isEmpty();
        assertThat(outcome.unselectedCount()).isZero();
    }

    @Test
    void clustersOfAClustersetNoLongerBoundLeaveThePreviousDecision() {
        Placement decided = withDecisions(placement("team-a", "web", pickN(2)), "staging-1", "prod-1");

        PlacementOutcome outcome = scheduler.schedule(FLEET, scope("team-a", "prod"), List.of(decided), NOW)
                .get("team-a/web");

        assertThat(outcome.decisions()).extracting(d -> d.clusterProfileRef().name()).containsExactly("prod-1", "prod-2");
    }

    @Test
    void aMisconfiguredPlacementKeepsOnlyTheClustersItMayStillSee() {
        Placement broken = withDecisions(placement("team-a", "broken",
                new PlacementSpec("PickN", 0, null, null, null, null, null, null, null)), "staging-1", "prod-1");

        PlacementOutcome outcome = scheduler.schedule(FLEET, scope("team-a", "prod"), List.of(broken), NOW)
                .get("team-a/broken");

        assertThat(outcome.isMisconfigured()).isTrue();
        assertThat(outcome.decisions()).extracting(d -> d.clusterProfileRef().name()).containsExactly("prod-1");
    }

    @Test
    void openModeSeesTheWholeFleetAsBefore() {
        Placement placement = placement("team-c", "web", pickN(5));

        PlacementOutcome open = scheduler.schedule(FLEET, TenancyScope.open(FLEET), List.of(placement), NOW)
                .get("team-c/web");
        PlacementOutcome plain = new FleetScheduler(SchedulingOptions.defaults()).schedule(FLEET, List.of(placement), NOW)
                .get("team-c/web");

        assertThat(open.decisions()).hasSize(5).isEqualTo(plain.decisions());
    }
}
