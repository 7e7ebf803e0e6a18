package io.meridian.scheduler.placement;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.Toleration;
import io.meridian.api.placement.VersionRange;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterFilterTest {

    private static final Instant NOW = Profiles.SINCE.toInstant().plus(Duration.ofMinutes(10));

    private final ClusterFilter filter = new ClusterFilter();

    private static PlacementRequest request(Placement placement) {
        ValidationResult result = new PlacementValidator(null).validate(placement);
        assertThat(result.violations()).isEmpty();
        return result.request();
    }

    private static PlacementRequest withProperty(String name, String operator, String... values) {
        return request(placement("p", new PlacementSpec("PickAll", null, null, null, null,
                java.util.List.of(new ClusterSelectorTerm(null, new PropertySelector(List.of(new PropertyRequirement(name, operator, List.of(values)))), null)),
                null, null, null)));
    }

    private List<String> eligibleNames(PlacementRequest request, Fleet fleet) {
        return filter.filter(request, fleet, NOW).eligible().stream().map(c -> c.ref().name()).toList();
    }

    @ParameterizedTest
    @CsvSource({
            "In, eu,           a",
            "NotIn, eu,        b;c;d",
            "Gt, 32,           b",
            "Ge, 32,           a;b",
            "Lt, 64,           a",
            "Le, 64,           a;b"})
    void propertyOperators(String operator, String value, String expected) {
        Fleet fleet = Profiles.fleet(
                profile("a").property("zone", "eu").property("cpu", "32"),
                profile("b").property("zone", "us").property("cpu", "64"),
                profile("c").property("zone", "ap").property("cpu", "garbage"),
                profile("d"));
        String name = operator.equals("In") || operator.equals("NotIn") ? "zone" : "cpu";

        assertThat(eligibleNames(withProperty(name, operator, value), fleet)).containsExactly(expected.split(";"));
    }

    @Test
    void existsAndQuantities() {
        Fleet fleet = Profiles.fleet(
                profile("a").property("gpu", "1").property("memory", "64Gi"),
                profile("b").property("memory", "32000Mi"));

        assertThat(eligibleNames(withProperty("gpu", "Exists"), fleet)).containsExactly("a");
        assertThat(eligibleNames(withProperty("gpu", "DoesNotExist"), fleet)).containsExactly("b");
        assertThat(eligibleNames(withProperty("memory", "Gt", "32Gi"), fleet)).containsExactly("a");
    }

    @Test
    void rejectionsSayWhy() {
        Fleet fleet = Profiles.fleet(profile("c").property("cpu", "garbage"), profile("d"));

        Eligibility eligibility = filter.filter(withProperty("cpu", "Gt", "8"), fleet, NOW);

        assertThat(eligibility.rejected().values())
                .containsExactly("property cpu is 'garbage', not a number", "has no property cpu");
        assertThat(eligibility.rejectedCount()).isEqualTo(2);
    }

    @Test
    void labelSelectorManagerClusterSetAndVersion() {
        Fleet fleet = Profiles.fleet(
                profile("a").label("env", "prod").clusterSet("prod").version("v1.31.4"),
                profile("b").label("env", "prod").clusterSet("prod").version("v1.28.0"),
                profile("c").label("env", "dev").clusterSet("prod").version("v1.31.0"),
                profile("d").label("env", "prod").clusterSet("edge").version("v1.31.0"),
                profile("e").label("env", "prod").clusterSet("prod").manager("kubefleet").version("v1.31.0"),
                profile("f").label("env", "prod").clusterSet("prod").version(null));
        PlacementRequest request = request(placement("p", new PlacementSpec("PickAll", null, null,
                "open-cluster-management", List.of("prod"),
                java.util.List.of(new ClusterSelectorTerm(new V1LabelSelector().matchLabels(Map.of("env", "prod")), null, new VersionRange("1.29", "1.31"))),
                null, null, null)));

        Eligibility eligibility = filter.filter(request, fleet, NOW);

        assertThat(eligibility.eligible()).extracting(c -> c.ref().name()).containsExactly("a");
        assertThat(eligibility.rejected().values()).containsExactly(
                "Kubernetes 1.28.0 is older than 1.29",
                "labels do not match env = prod",
                "clusterset edge is not one of [prod]",
                "managed by kubefleet, not open-cluster-management",
                "Kubernetes version is unknown");
    }

    @Test
    void unhealthyAndNotJoinedClustersAreRejected() {
        Fleet fleet = Profiles.fleet(profile("sick").healthy("False"), profile("new").joined("False"),
                profile("silent").withoutHealth(), profile("ok"));

        Eligibility eligibility = filter.filter(request(placement("p", Placements.pickN(3))), fleet, NOW);

        assertThat(eligibility.eligible()).extracting(c -> c.ref().name()).containsExactly("ok");
        assertThat(eligibility.rejected().values()).containsExactly(
                "Joined is False", "ControlPlaneHealthy is False", "ControlPlaneHealthy is missing");
    }

    @Test
    void limitedTolerationKeepsOnlyCurrentClustersUntilItExpires() {
        Fleet fleet = Profiles.fleet(profile("kept").healthy("False"), profile("other").healthy("False"));
        PlacementSpec spec = new PlacementSpec("PickN", 2, null, null, null, null, null, null,
                List.of(new Toleration("Unhealthy", 900L)));
        PlacementRequest request = request(Placements.withDecisions(placement("p", spec), "kept"));

        Eligibility during = filter.filter(request, fleet, NOW);
        Eligibility after = filter.filter(request, fleet, NOW.plus(Duration.ofMinutes(10)));

        assertThat(during.eligible()).extracting(c -> c.ref().name()).containsExactly("kept");
        assertThat(during.nextExpiry()).isEqualTo(Profiles.SINCE.toInstant().plusSeconds(900));
        assertThat(during.rejected().values()).containsExactly("ControlPlaneHealthy is False (tolerated only for clusters already selected)");
        assertThat(after.eligible()).isEmpty();
        assertThat(after.rejected().get(fleet.clusters().get(0).ref())).isEqualTo("ControlPlaneHealthy is False longer than the toleration of 900s");
    }

    @Test
    void tolerationArithmeticSaturates() {
        Instant since = Profiles.SINCE.toInstant();

        assertThat(ClusterFilter.expiry(since, Duration.ofSeconds(900))).isEqualTo(since.plusSeconds(900));
        assertThat(ClusterFilter.expiry(since, Duration.ofSeconds(Toleration.MAX_TOLERATION_SECONDS))).isEqualTo(Instant.MAX);
        assertThat(ClusterFilter.expiry(Instant.MAX, Duration.ofSeconds(1))).isEqualTo(Instant.MAX);
        assertThat(ClusterFilter.expiry(since, PlacementRequest.TOLERATED_FOREVER)).isEqualTo(Instant.MAX);
    }

    @Test
    void aTolerationTooLongForADateNeverRunsOut() {
        Fleet fleet = Profiles.fleet(profile("kept").healthy("False"));
        PlacementSpec spec = new PlacementSpec("PickN", 1, null, null, null, null, null, null,
                List.of(new Toleration("Unhealthy", 100_000_000_000_000_000L)));
        PlacementRequest request = request(Placements.withDecisions(placement("p", spec), "kept"));

        Eligibility eligibility = filter.filter(request, fleet, NOW);

        assertThat(eligibility.eligible()).extracting(c -> c.ref().name()).containsExactly("kept");
        assertThat(eligibility.nextExpiry()).isNull();
    }

    /** Reasons go into the status: however large the spec or a profile's values, each stays short. */
    @Test
    void reasonsStayShortWhateverTheSpec() {
        String longValue = "v".repeat(1024);
        Fleet fleet = Profiles.fleet(profile("a").property("zone", longValue).clusterSet("s".repeat(253))
                .label("env", "x".repeat(63)));
        List<String> hundredValues = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> "%04d".formatted(i) + "w".repeat(1020)).toList();
        List<String> hundredSets = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> "%03d".formatted(i) + "s".repeat(250)).toList();
        V1LabelSelector bigSelector = new V1LabelSelector();
        for (int i = 0; i < 32; i++) {
            bigSelector.addMatchExpressionsItem(new io.kubernetes.client.openapi.models.V1LabelSelectorRequirement()
                    .key("key-" + i).operator("In").values(java.util.Collections.nCopies(100, "y".repeat(63))));
        }

        List<String> reasons = List.of(
                filter.filter(withProperty("zone", "In", hundredValues.toArray(String[]::new)), fleet, NOW)
                        .rejected().values().iterator().next(),
                filter.filter(withProperty("zone", "NotIn", longValue), fleet, NOW).rejected().values().iterator().next(),
                filter.filter(withProperty("zone", "Gt", "1e999999"), fleet, NOW).rejected().values().iterator().next(),
                filter.filter(request(placement("p", new PlacementSpec("PickAll", null, null, null, hundredSets, null,
                        null, null, null))), fleet, NOW).rejected().values().iterator().next(),
                filter.filter(request(placement("p", new PlacementSpec("PickAll", null, null, null, null,
                        java.util.List.of(new ClusterSelectorTerm(bigSelector, null, null)), null, null, null))), fleet, NOW)
                        .rejected().values().iterator().next());

        assertThat(reasons).allSatisfy(reason -> assertThat(reason).hasSizeLessThan(600));
        assertThat(reasons.get(0)).startsWith("property zone is vvvv").contains("not one of [0000ww", "and 95 more]");
        assertThat(reasons.get(3)).contains("and 95 more]");
        assertThat(reasons.get(4)).startsWith("labels do not match ").contains("more characters)");
    }

    @Test
    void unlimitedTolerationAdmitsAnyCluster() {
        Fleet fleet = Profiles.fleet(profile("sick").healthy("False"));
        PlacementSpec spec = new PlacementSpec("PickN", 1, null, null, null, null, null, null,
                List.of(new Toleration("Unhealthy", null)));

        Eligibility eligibility = filter.filter(request(placement("p", spec)), fleet, NOW);

        assertThat(eligibility.eligible()).extracting(ClusterFact::toString).containsExactly("fleet/sick");
        assertThat(eligibility.tolerated().get(0)).isTrue();
        assertThat(eligibility.nextExpiry()).isNull();
    }

    @Test
    void pickFixedConsidersOnlyNamedClustersAndReportsUnknownNames() {
        Fleet fleet = Profiles.fleet(profile("a"), profile("b"));
        PlacementSpec spec = new PlacementSpec("PickFixed", null, List.of("fleet/a", "fleet/ghost"), null, null, null,
                null, null, null);

        Eligibility eligibility = filter.filter(request(placement("p", spec)), fleet, NOW);

        assertThat(eligibility.eligible()).extracting(c -> c.ref().name()).containsExactly("a");
        assertThat(eligibility.rejected().values()).containsExactly("no ClusterProfile fleet/ghost exists");
    }

    @Test
    void reasonsAreBoundedButCounted() {
        Profiles[] profiles = new Profiles[30];
        for (int i = 0; i < profiles.length; i++) {
            profiles[i] = profile("c" + (100 + i)).healthy("False");
        }
        Eligibility eligibility = filter.filter(request(placement("p", Placements.pickN(1))), Profiles.fleet(profiles), NOW);

        assertThat(eligibility.rejected()).hasSize(20);
        assertThat(eligibility.rejectedCount()).isEqualTo(30);
    }
}
