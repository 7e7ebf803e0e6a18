package io.meridian.scheduler.scheduling;

import io.meridian.scheduler.solver.FleetConstraintProvider;
import io.meridian.scheduler.solver.SchedulingOptions;
import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static io.meridian.scheduler.placement.Placements.withDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.DecisionGroup;
import io.meridian.api.placement.DecisionStrategy;
import io.meridian.api.placement.GroupClusterSelector;
import io.meridian.api.placement.GroupStrategy;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PreferredTerm;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.ScopedPropertySorter;
import io.meridian.api.placement.Taint;
import io.meridian.api.placement.Toleration;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The selection features through the whole scheduler: which clusters are eligible and which preferred. */
class SelectionSchedulingTest {

    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    private final FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());

    private final Fleet fleet = Profiles.fleet(
            profile("eu-1").location("eu").label("tier", "gold").property("memory", "64Gi"),
            profile("eu-2").location("eu").label("tier", "gold").property("memory", "128Gi"),
            profile("us-1").location("us").label("tier", "silver").property("memory", "256Gi").property("gpu.count", "2"),
            profile("us-2").location("us").label("tier", "silver").property("memory", "32Gi"));

    private static ClusterSelectorTerm labels(String key, String value) {
        return new ClusterSelectorTerm(new V1LabelSelector().matchLabels(Map.of(key, value)), null, null);
    }

    private PlacementOutcome schedule(Fleet on, Placement placement) {
        return scheduler.schedule(on, List.of(placement), NOW).get(placement.key());
    }

    private static List<String> names(PlacementOutcome outcome) {
        return outcome.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    private static Fleet withTaint(String cluster, String effect) {
        return Profiles.fleet(
                profile("eu-1").location("eu").label("tier", "gold").property("memory", "64Gi"),
                profile("eu-2").location("eu").label("tier", "gold").property("memory", "128Gi")
                        .taints(cluster.equals("eu-2") ? "[{\"key\": \"example.com/maintenance\", \"effect\": \"" + effect + "\"}]" : null),
                profile("us-1").location("us").label("tier", "silver").property("memory", "256Gi"),
                profile("us-2").location("us").label("tier", "silver").property("memory", "32Gi"));
    }

    @Test
    void orTermsAndCelDecideEligibility() {
        PlacementSpec spec = PlacementSpec.builder("PickN").numberOfClusters(3)
                .predicates(labels("tier", "gold"), ClusterSelectorTerm.cel("'gpu.count' in properties")).build();

        PlacementOutcome outcome = schedule(fleet, placement("p", spec));

        assertThat(names(outcome)).containsExactly("eu-1", "eu-2", "us-1");
        assertThat(outcome.unselected()).singleElement().satisfies(u -> assertThat(u.reason())
                .isEqualTo("meets none of the 2 predicates: [0] labels do not match tier = gold; "
                        + "[1] CEL expression ''gpu.count' in properties' is false"));
    }

    @Test
    void preferredTermsRankPositiveAndNegative() {
        PlacementSpec silver = PlacementSpec.builder("PickN").numberOfClusters(2).preferences(new Preferences(null, null, null,
                List.of(new PreferredTerm(50, labels("tier", "silver"), null)))).build();
        PlacementSpec notSilver = PlacementSpec.builder("PickN").numberOfClusters(2).preferences(new Preferences(null, null, null,
                List.of(new PreferredTerm(-50, labels("tier", "silver"), null)))).build();

        PlacementOutcome preferred = schedule(fleet, placement("p", silver));

        assertThat(names(preferred)).containsExactly("us-1", "us-2");
        assertThat(preferred.decisions()).allSatisfy(d -> assertThat(d.reason())
                .isEqualTo("ranked higher on Preferred terms; score 49 (Preferred terms +50, Load balance -1)"));
        assertThat(names(schedule(fleet, placement("q", notSilver)))).containsExactly("eu-1", "eu-2");
        assertThat(names(schedule(fleet, placement("r", PlacementSpec.builder("PickN").numberOfClusters(3)
                .preferences(new Preferences(null, null, null, List.of(new PreferredTerm(-50, labels("tier", "silver"), null))))
                .build())))).hasSize(3).contains("eu-1", "eu-2");
        assertThat(schedule(fleet, placement("s", PlacementSpec.builder("PickN").numberOfClusters(3)
                .preferences(new Preferences(null, null, null, List.of(new PreferredTerm(-50, labels("tier", "silver"), null))))
                .build())).decisions()).filteredOn(d -> d.clusterProfileRef().name().startsWith("us-")).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(
                        "ranked equal to fleet/us-2; score -51 (Load balance -1, Negative preferred terms -50)"));
    }

    /** A sorter scoped to a term ranks the term's clusters; outside it, the sorter gives nothing. */
    @Test
    void aScopedSorterRanksWithinItsTerm() {
        PlacementSpec spec = PlacementSpec.builder("PickN").numberOfClusters(1).preferences(new Preferences(null, null, null,
                List.of(new PreferredTerm(100, labels("tier", "gold"), new ScopedPropertySorter("memory", "Descending")))))
                .build();

        PlacementOutcome outcome = schedule(fleet, placement("p", spec));

        assertThat(names(outcome)).containsExactly("eu-2");
        // The full weight for the most memory among gold clusters, less its load.
        assertThat(outcome.decisions().get(0).score()).isEqualTo(100 - 1);
    }

    @Test
    void aNoSelectTaintMovesAPlacementOffItsCluster() {
        Placement placed = withDecisions(placement("p", PlacementSpec.builder("PickN").numberOfClusters(1)
                .preferences(new Preferences(List.of("eu"), null, null)).build()), "eu-2");

        assertThat(names(schedule(withTaint("eu-2", Taint.NO_SELECT), placed))).containsExactly("eu-1");
        assertThat(names(schedule(withTaint("eu-2", Taint.NO_SELECT), withDecisions(placement("t",
                PlacementSpec.builder("PickN").numberOfClusters(1).preferences(new Preferences(List.of("eu"), null, null))
                        .tolerations(Toleration.of("example.com/maintenance", "Exists", null, null, null)).build()), "eu-2"))))
                .containsExactly("eu-2");
    }

    @Test
    void noSelectIfNewKeepsExistingDecisionsButTakesNoNewOnes() {
        PlacementSpec twoInEu = PlacementSpec.builder("PickN").numberOfClusters(2)
                .preferences(new Preferences(List.of("eu"), null, null)).build();
        Fleet draining = withTaint("eu-2", Taint.NO_SELECT_IF_NEW);

        assertThat(names(schedule(draining, withDecisions(placement("old", twoInEu), "eu-1", "eu-2"))))
                .containsExactly("eu-1", "eu-2");
        assertThat(names(schedule(draining, placement("new", twoInEu)))).doesNotContain("eu-2").contains("eu-1");
    }

    @Test
    void preferNoSelectIsANegativePreference() {
        PlacementSpec oneInEu = PlacementSpec.builder("PickN").numberOfClusters(1)
                .preferences(new Preferences(null, null, null, List.of(new PreferredTerm(100, null,
                        new ScopedPropertySorter("memory", null))))).build();
        Fleet spot = withTaint("eu-2", Taint.PREFER_NO_SELECT);

        PlacementOutcome avoiding = schedule(spot, placement("p", PlacementSpec.builder("PickN").numberOfClusters(1)
                .predicates(labels("tier", "gold")).build()));
        PlacementOutcome onlyChoice = schedule(spot, placement("q", PlacementSpec.builder("PickN").numberOfClusters(2)
                .predicates(labels("tier", "gold")).build()));

        assertThat(names(avoiding)).containsExactly("eu-1");
        assertThat(names(onlyChoice)).as("still selected when nothing else is left").containsExactly("eu-1", "eu-2");
        assertThat(onlyChoice.decisions()).filteredOn(d -> d.clusterProfileRef().name().equals("eu-2")).singleElement()
                .satisfies(d -> assertThat(d.reason()).contains(FleetConstraintProvider.PREFER_NO_SELECT_TAINT + " -1000"));
        assertThat(names(schedule(spot, placement("r", oneInEu)))).containsExactly("us-1");
    }

    /** A CEL expression over its cost is the spec's fault: Misconfigured, and the previous decision is kept. */
    @Test
    void aCelExpressionOverItsCostKeepsThePreviousDecision() {
        String hundred = "[" + String.join(",", java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString).toList()) + "]";
        Placement expensive = withDecisions(placement("p", PlacementSpec.builder("PickN").numberOfClusters(1)
                .predicates(ClusterSelectorTerm.cel(hundred + ".all(x, " + hundred + ".all(y, x >= y || y > x))")).build()),
                "us-2");

        PlacementOutcome outcome = schedule(fleet, expensive);

        assertThat(outcome.isMisconfigured()).isTrue();
        assertThat(outcome.misconfiguration()).contains("spec.predicates[0].celExpressions[0]", "exceeds its cost limit");
        assertThat(names(outcome)).containsExactly("us-2");
    }

    @Test
    void pickAllKeepsWhatItSelectedWhenLabelsStopMatchingIfAsked() {
        PlacementSpec gold = PlacementSpec.builder("PickAll").predicates(labels("tier", "gold"))
                .predicatesDuringExecution(PlacementSpec.IGNORED).build();
        Placement decided = decidedForGeneration(placement("p", gold), "eu-1", "eu-2", "us-1");

        assertThat(names(schedule(fleet, decided))).containsExactly("eu-1", "eu-2", "us-1");
        assertThat(names(schedule(fleet, decidedForGeneration(placement("q", PlacementSpec.builder("PickAll")
                .predicates(labels("tier", "gold")).build()), "eu-1", "eu-2", "us-1")))).containsExactly("eu-1", "eu-2");
    }

    @Test
    void decisionGroupsDivideTheOutcome() {
        PlacementSpec spec = PlacementSpec.builder("PickAll").decisionStrategy(new DecisionStrategy(new GroupStrategy(
                List.of(new DecisionGroup("canary", new GroupClusterSelector(null, new PropertySelector(
                        List.of(new PropertyRequirement("location", "In", List.of("us"))))))), new IntOrString("50%"))))
                .build();

        PlacementOutcome outcome = schedule(fleet, placement("p", spec));

        assertThat(outcome.groups()).extracting(g -> g.index() + g.name() + g.decisions().stream()
                .map(d -> d.clusterProfileRef().name()).toList())
                .containsExactly("0canary[us-1, us-2]", "1[eu-1, eu-2]");
    }

    private static Placement decidedForGeneration(Placement placement, String... clusters) {
        List<Decision> decisions = java.util.Arrays.stream(clusters)
                .map(name -> new Decision(new ClusterProfileRef("fleet", name), 0L, "before")).toList();
        return placement.withStatus(new PlacementStatus(placement.metadata().getGeneration(), decisions.size(), decisions,
                List.of(), List.of(), 0));
    }
}
