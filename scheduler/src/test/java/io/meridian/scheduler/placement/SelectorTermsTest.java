package io.meridian.scheduler.placement;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.VersionRange;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Predicate terms are ORed, and PickAll may keep what it selected. */
class SelectorTermsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T00:00:00Z");

    private final ClusterFilter filter = new ClusterFilter();

    private final Fleet fleet = Profiles.fleet(
            profile("gpu").property("gpu.count", "4").version("v1.29.0"),
            profile("big").property("memory", "512Gi").version("v1.31.0"),
            profile("new").label("env", "prod").version("v1.32.0"),
            profile("small").property("memory", "16Gi").version("v1.31.0"));

    private static final ClusterSelectorTerm GPUS = new ClusterSelectorTerm(null,
            new PropertySelector(List.of(new PropertyRequirement("gpu.count", "Gt", List.of("0")))), null);
    private static final ClusterSelectorTerm BIG_AND_RECENT = new ClusterSelectorTerm(null,
            new PropertySelector(List.of(new PropertyRequirement("memory", "Ge", List.of("256Gi")))),
            new VersionRange("1.31", null), List.of("compareVersions(kubernetesVersion, '1.32') < 0"));

    private static PlacementRequest request(Placement placement) {
        ValidationResult result = new PlacementValidator(null).validate(placement);
        assertThat(result.violations()).isEmpty();
        return result.request();
    }

    private List<String> eligible(PlacementRequest request) {
        return filter.filter(request, fleet, NOW).eligible().stream().map(c -> c.ref().name()).toList();
    }

    @Test
    void aClusterMeetingAnyTermIsEligible() {
        PlacementRequest either = request(placement("p", PlacementSpec.builder("PickAll").predicates(GPUS, BIG_AND_RECENT).build()));

        assertThat(eligible(either)).containsExactly("big", "gpu");
        assertThat(filter.filter(either, fleet, NOW).rejected()).containsEntry(new ClusterProfileRef("fleet", "small"),
                "meets none of the 2 predicates: [0] has no property gpu.count; [1] property memory is 16Gi, wants >= 256Gi");
        assertThat(filter.filter(either, fleet, NOW).rejected().get(new ClusterProfileRef("fleet", "new")))
                .startsWith("meets none of the 2 predicates: [0] has no property gpu.count; [1] has no property memory");
    }

    @Test
    void withinATermEverySelectorMustHold() {
        assertThat(eligible(request(placement("p", PlacementSpec.builder("PickAll").predicates(BIG_AND_RECENT).build()))))
                .containsExactly("big");
        assertThat(filter.filter(request(placement("p", PlacementSpec.builder("PickAll")
                .predicates(ClusterSelectorTerm.cel("compareVersions(kubernetesVersion, '1.32') >= 0")).build())), fleet, NOW)
                .rejected()).containsEntry(new ClusterProfileRef("fleet", "gpu"),
                        "CEL expression 'compareVersions(kubernetesVersion, '1.32') >= 0' is false");
    }

    @Test
    void anEmptyTermOrNoTermsAdmitEveryCluster() {
        assertThat(eligible(request(placement("p", PlacementSpec.builder("PickAll").build())))).hasSize(4);
        assertThat(eligible(request(placement("p", PlacementSpec.builder("PickAll")
                .predicates(GPUS, new ClusterSelectorTerm(null, null, null)).build())))).hasSize(4);
    }

    /** PickAll with predicatesDuringExecution Ignored keeps its clusters while its spec is unchanged. */
    @Test
    void pickAllKeepsClustersThatStopMatchingOnlyWhenAskedAndOnlyForItsSpec() {
        PlacementSpec prod = PlacementSpec.builder("PickAll")
                .predicates(new ClusterSelectorTerm(new V1LabelSelector().matchLabels(Map.of("env", "prod")), null, null))
                .predicatesDuringExecution(PlacementSpec.IGNORED).build();
        Placement decided = decided(placement("p", prod), 1L, "new", "gpu");
        Placement edited = decided(placement("p", prod), 2L, "new", "gpu");
        Placement required = decided(placement("p", PlacementSpec.builder("PickAll").predicates(prod.predicates().get(0)).build()),
                1L, "new", "gpu");

        assertThat(eligible(request(decided))).containsExactly("gpu", "new");
        assertThat(eligible(request(edited))).as("a spec edit selects afresh").containsExactly("new");
        assertThat(eligible(request(required))).containsExactly("new");
    }

    /** Keeping a cluster still needs its clusterset, and a cluster that reports none is simply not kept. */
    @Test
    void pickAllDoesNotKeepAClusterThatLeftItsClusterSets() {
        PlacementSpec prod = PlacementSpec.builder("PickAll").clusterSets("prod")
                .predicates(new ClusterSelectorTerm(new V1LabelSelector().matchLabels(Map.of("env", "prod")), null, null))
                .predicatesDuringExecution(PlacementSpec.IGNORED).build();
        Fleet regrouped = Profiles.fleet(profile("kept").label("env", "prod").clusterSet("prod"),
                profile("unset").label("env", "dev"));

        List<String> eligible = filter.filter(request(decided(placement("p", prod), 1L, "kept", "unset")), regrouped, NOW)
                .eligible().stream().map(c -> c.ref().name()).toList();

        assertThat(eligible).containsExactly("kept");
    }

    /** The memo remembers who meets the predicates, never who is kept: keeping depends on the decision. */
    @Test
    void theMemoDoesNotRememberKeptClusters() {
        PlacementSpec prod = PlacementSpec.builder("PickAll")
                .predicates(new ClusterSelectorTerm(new V1LabelSelector().matchLabels(Map.of("env", "prod")), null, null))
                .predicatesDuringExecution(PlacementSpec.IGNORED).build();
        PredicateMemo memo = new PredicateMemo();
        PlacementRequest keeping = request(decided(placement("p", prod), 1L, "new", "gpu"));
        PlacementRequest dropped = request(decided(placement("p", prod), 1L, "new"));

        memo.beginPass(fleet);
        List<String> first = filter.filter(keeping, fleet, NOW, memo.matches("p", new SpecVersion("uid", 1), keeping, fleet))
                .eligible().stream().map(c -> c.ref().name()).toList();
        memo.endPass(java.util.Set.of("p"));
        memo.beginPass(fleet);
        List<String> second = filter.filter(dropped, fleet, NOW, memo.matches("p", new SpecVersion("uid", 1), dropped, fleet))
                .eligible().stream().map(c -> c.ref().name()).toList();

        assertThat(first).containsExactly("gpu", "new");
        assertThat(second).containsExactly("new");
    }

    private static Placement decided(Placement placement, long generation, String... clusters) {
        placement.metadata().generation(generation);
        List<Decision> decisions = java.util.Arrays.stream(clusters)
                .map(name -> new Decision(new ClusterProfileRef("fleet", name), 0L, "before")).toList();
        return placement.withStatus(new PlacementStatus(1L, decisions.size(), decisions, List.of(), List.of(), 0));
    }
}
