package io.meridian.scheduler.placement;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static io.meridian.scheduler.placement.Placements.withDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Taint;
import io.meridian.api.placement.Toleration;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Taints and tolerations, as the filter applies them. */
class TaintFilterTest {

    private static final Instant ADDED = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant NOW = ADDED.plus(Duration.ofMinutes(10));

    private final ClusterFilter filter = new ClusterFilter();

    private static String taint(String key, String value, String effect) {
        return "[{\"key\": \"" + key + "\", \"value\": \"" + value + "\", \"effect\": \"" + effect
                + "\", \"timeAdded\": \"" + ADDED + "\"}]";
    }

    private static PlacementRequest request(PlacementSpec spec, String... current) {
        ValidationResult result = new PlacementValidator(null).validate(withDecisions(placement("p", spec), current));
        assertThat(result.violations()).isEmpty();
        return result.request();
    }

    private static PlacementSpec pickN(Toleration... tolerations) {
        return PlacementSpec.builder("PickN").numberOfClusters(2).tolerations(tolerations).build();
    }

    private List<String> eligible(PlacementRequest request, Fleet fleet) {
        return filter.filter(request, fleet, NOW).eligible().stream().map(c -> c.ref().name()).toList();
    }

    private final Fleet fleet = Profiles.fleet(
            profile("maintained").taints(taint("example.com/maintenance", "os", Taint.NO_SELECT)),
            profile("draining").taints(taint("example.com/drain", "", Taint.NO_SELECT_IF_NEW)),
            profile("spot").taints(taint("example.com/spot", "true", Taint.PREFER_NO_SELECT)),
            profile("odd").taints(taint("example.com/odd", "x", "NoSchedule")),
            profile("plain"));

    @Test
    void withoutTolerationsNoSelectAndUnknownEffectsKeepClustersOutAndPreferNoSelectOnlyLowersThem() {
        Eligibility eligibility = filter.filter(request(pickN()), fleet, NOW);

        assertThat(eligibility.eligible()).extracting(c -> c.ref().name()).containsExactly("plain", "spot");
        assertThat(eligibility.rejected().values()).containsExactly(
                "tainted example.com/drain:NoSelectIfNew (kept only where already selected)",
                "tainted example.com/maintenance=os:NoSelect",
                "tainted example.com/odd=x:NoSchedule (an unknown effect, treated as NoSelect)");
        assertThat(eligibility.preferences().preferNoSelect(fleet.find(ref("spot")).orElseThrow()))
                .isEqualTo(-PreferenceScores.PREFER_NO_SELECT_PENALTY);
        assertThat(eligibility.preferences().preferNoSelect(fleet.find(ref("plain")).orElseThrow())).isZero();
    }

    @Test
    void noSelectIfNewKeepsClustersAlreadySelected() {
        assertThat(eligible(request(pickN(), "draining"), fleet)).containsExactly("draining", "plain", "spot");
    }

    @Test
    void tolerationsMatchByKeyOperatorValueAndEffect() {
        assertThat(eligible(request(pickN(Toleration.of("example.com/maintenance", "Equal", "os", null, null))), fleet))
                .contains("maintained");
        assertThat(eligible(request(pickN(Toleration.of("example.com/maintenance", null, "os", "NoSelect", null))), fleet))
                .contains("maintained");
        assertThat(eligible(request(pickN(Toleration.of("example.com/maintenance", "Equal", "kernel", null, null))), fleet))
                .doesNotContain("maintained");
        assertThat(eligible(request(pickN(Toleration.of("example.com/maintenance", "Exists", null, null, null))), fleet))
                .contains("maintained");
        assertThat(eligible(request(pickN(Toleration.of("example.com/maintenance", "Exists", null, "PreferNoSelect", null))), fleet))
                .doesNotContain("maintained");
        assertThat(eligible(request(pickN(Toleration.of(null, "Exists", null, null, null))), fleet))
                .containsExactly("draining", "maintained", "odd", "plain", "spot");
        assertThat(eligible(request(pickN(Toleration.of("example.com/odd", "Exists", null, "NoSelect", null))), fleet))
                .as("an unknown effect is tolerated only by a toleration without an effect").doesNotContain("odd");
    }

    @Test
    void aToleratedPreferNoSelectTaintCostsNothing() {
        Eligibility eligibility = filter.filter(request(pickN(Toleration.of("example.com/spot", "Exists", null, null, null))),
                fleet, NOW);

        assertThat(eligibility.preferences().preferNoSelect(fleet.find(ref("spot")).orElseThrow())).isZero();
    }

    /** tolerationSeconds counts from the taint's timeAdded and keeps only clusters already selected. */
    @Test
    void limitedTolerationsKeepCurrentClustersUntilTheyRunOut() {
        Toleration fifteenMinutes = Toleration.of("example.com/maintenance", "Exists", null, null, 900L);

        Eligibility during = filter.filter(request(pickN(fifteenMinutes), "maintained"), fleet, NOW);
        Eligibility after = filter.filter(request(pickN(fifteenMinutes), "maintained"), fleet, NOW.plusSeconds(600));
        Eligibility fresh = filter.filter(request(pickN(fifteenMinutes)), fleet, NOW);

        assertThat(during.eligible()).extracting(c -> c.ref().name()).contains("maintained");
        assertThat(during.nextExpiry()).isEqualTo(ADDED.plusSeconds(900));
        assertThat(after.rejected()).containsValue("tainted example.com/maintenance=os:NoSelect longer than the toleration of 900s");
        assertThat(fresh.rejected()).containsValue(
                "tainted example.com/maintenance=os:NoSelect (tolerated only for clusters already selected)");
        Fleet undated = Profiles.fleet(profile("maintained").taints("[{\"key\": \"example.com/maintenance\", \"effect\": \"NoSelect\"}]"));
        assertThat(filter.filter(request(pickN(fifteenMinutes), "maintained"), undated, NOW).rejected())
                .containsValue("tainted example.com/maintenance:NoSelect since an unknown time");
    }

    /** The Unhealthy and NotJoined short forms are tolerations of the built-in taints; a general one does the same. */
    @Test
    void builtInTaintsAreToleratedLikeAnyOther() {
        Fleet sick = Profiles.fleet(profile("sick").healthy("False"), profile("new").joined("False"), profile("ok"));

        assertThat(eligible(request(pickN()), sick)).containsExactly("ok");
        assertThat(eligible(request(pickN(new Toleration(Toleration.UNHEALTHY, null))), sick)).containsExactly("ok", "sick");
        assertThat(eligible(request(pickN(Toleration.of(Taint.UNHEALTHY, "Exists", null, null, null))), sick))
                .containsExactly("ok", "sick");
        assertThat(eligible(request(pickN(Toleration.of(Taint.UNHEALTHY, "Equal", "Unknown", null, null))), sick))
                .as("the value is the condition's status").containsExactly("ok");
        assertThat(eligible(request(pickN(new Toleration(Toleration.NOT_JOINED, null))), sick)).containsExactly("new", "ok");
        assertThat(filter.filter(request(pickN(new Toleration(Toleration.UNHEALTHY, null))), sick, NOW).tolerated().get(
                sick.find(ref("sick")).orElseThrow().index())).isTrue();
    }

    /** A profile being deleted leaves every placement; no toleration, not even one of every taint, keeps it. */
    @Test
    void noTolerationCoversADeletingProfile() {
        io.meridian.api.inventory.ClusterProfile leaving = profile("leaving").build();
        leaving.metadata().deletionTimestamp(Profiles.SINCE);
        Fleet fleetWithLeaving = new io.meridian.scheduler.fleet.FactMapper(io.meridian.scheduler.fleet.FleetOptions.defaults())
                .fleet(List.of(leaving, profile("ok").build()), java.util.Map.of());

        Eligibility eligibility = filter.filter(request(pickN(Toleration.of(null, "Exists", null, null, null)), "leaving"),
                fleetWithLeaving, NOW);

        assertThat(eligibility.eligible()).extracting(c -> c.ref().name()).containsExactly("ok");
        assertThat(eligibility.rejected()).containsValue("ClusterProfile is being deleted");
    }

    /** The configured default applies unless a toleration names the unhealthy taint or every key. */
    @Test
    void theDefaultUnhealthyTolerationGivesWayToTheSpecs() {
        Fleet sick = Profiles.fleet(profile("sick").healthy("False"));
        PlacementValidator validator = new PlacementValidator(Duration.ofMinutes(5));

        assertThat(validator.validate(placement("p", pickN())).request().tolerations())
                .containsExactly(new TolerationRule(Taint.UNHEALTHY, true, "", null, Duration.ofMinutes(5)));
        assertThat(validator.validate(placement("p", pickN(Toleration.of(null, "Exists", null, null, null)))).request()
                .tolerations()).hasSize(1).allSatisfy(rule -> assertThat(rule.key()).isNull());
        assertThat(filter.filter(validator.validate(withDecisions(placement("p", pickN()), "sick")).request(), sick,
                Profiles.SINCE.toInstant().plusSeconds(60)).eligible()).hasSize(1);
    }

    private static io.meridian.api.inventory.ClusterProfileRef ref(String name) {
        return new io.meridian.api.inventory.ClusterProfileRef("fleet", name);
    }
}
