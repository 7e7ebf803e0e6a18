package io.meridian.scheduler.placement;

import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementType;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.Taint;
import io.meridian.api.placement.Toleration;
import io.meridian.api.placement.TopologySpread;
import io.meridian.api.placement.VersionRange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementValidatorTest {

    private final PlacementValidator validator = new PlacementValidator(null);

    private ValidationResult validate(PlacementSpec spec) {
        return validator.validate(placement("p", spec));
    }

    @Test
    void missingTypeMeansPickAll() {
        ValidationResult result = validate(new PlacementSpec(null, null, null, null, null, null, null, null, null));

        assertThat(result.isValid()).isTrue();
        assertThat(result.request().type()).isEqualTo(PlacementType.PickAll);
    }

    @Test
    void unknownTypeNamesTheField() {
        ValidationResult result = validate(new PlacementSpec("PickSome", null, null, null, null, null, null, null, null));

        assertThat(result.isValid()).isFalse();
        assertThat(result.message()).isEqualTo("spec.placementType: 'PickSome' is not one of PickAll, PickN, PickFixed");
    }

    @Test
    void pickNNeedsAPositiveCount() {
        assertThat(validate(new PlacementSpec("PickN", null, null, null, null, null, null, null, null)).message())
                .startsWith("spec.numberOfClusters: PickN needs");
        assertThat(validate(new PlacementSpec("PickN", 0, null, null, null, null, null, null, null)).isValid()).isFalse();
        assertThat(validate(new PlacementSpec("PickAll", 2, null, null, null, null, null, null, null)).message())
                .isEqualTo("spec.numberOfClusters: is only used with placementType PickN");
    }

    @Test
    void pickFixedResolvesNamesInThePlacementNamespace() {
        ValidationResult result = validate(new PlacementSpec("PickFixed", null, List.of("b", "fleet/a"), null, null,
                null, null, null, null));

        assertThat(result.request().fixedClusters())
                .containsExactly(new ClusterProfileRef("apps", "b"), new ClusterProfileRef("fleet", "a"));
        assertThat(validate(new PlacementSpec("PickFixed", null, List.of(), null, null, null, null, null, null)).message())
                .contains("spec.clusterNames: PickFixed needs at least one cluster name");
        assertThat(validate(new PlacementSpec("PickFixed", null, List.of("a/b/c"), null, null, null, null, null, null)).message())
                .contains("spec.clusterNames[0]");
    }

    @Test
    void propertyRequirementsAreCheckedPerOperator() {
        PlacementSpec spec = new PlacementSpec("PickAll", null, null, null, null, java.util.List.of(new ClusterSelectorTerm(null,
                new PropertySelector(List.of(
                        new PropertyRequirement("cpu", "Gt", List.of("eight")),
                        new PropertyRequirement("zone", "Exists", List.of("a")),
                        new PropertyRequirement("zone", "In", List.of()),
                        new PropertyRequirement("zone", "Near", List.of("a")),
                        new PropertyRequirement("memory", "Ge", List.of("64Gi")))), null)), null, null, null);

        ValidationResult result = validate(spec);

        assertThat(result.violations()).extracting(SpecViolation::field).containsExactly(
                "spec.predicates[0].propertySelector.matchExpressions[0].values",
                "spec.predicates[0].propertySelector.matchExpressions[1].values",
                "spec.predicates[0].propertySelector.matchExpressions[2].values",
                "spec.predicates[0].propertySelector.matchExpressions[3].operator");
    }

    @Test
    void versionsSortersSpreadAndTolerationsAreChecked() {
        PlacementSpec spec = new PlacementSpec("PickN", 2, null, null, null,
                java.util.List.of(new ClusterSelectorTerm(null, null, new VersionRange("one.two", "1.31"))),
                new Preferences(null, null, List.of(new PropertySorter("cpu", "Sideways", 1), new PropertySorter("cpu", null, 11))),
                new TopologySpread("location", 0),
                List.of(new Toleration("Sleepy", null), new Toleration("Unhealthy", -1L)));

        assertThat(validate(spec).violations()).extracting(SpecViolation::field).containsExactly(
                "spec.predicates[0].kubernetesVersion.minimum",
                "spec.preferences.propertySorters[0].order",
                "spec.preferences.propertySorters[1].weight",
                "spec.topologySpread.maxSkew",
                "spec.tolerations[0].condition",
                "spec.tolerations[1].tolerationSeconds");
    }

    @Test
    void versionRangeThatAdmitsNothingIsReported() {
        PlacementSpec empty = new PlacementSpec("PickAll", null, null, null, null,
                java.util.List.of(new ClusterSelectorTerm(null, null, new VersionRange("1.32", "1.30"))), null, null, null);
        PlacementSpec single = new PlacementSpec("PickAll", null, null, null, null,
                java.util.List.of(new ClusterSelectorTerm(null, null, new VersionRange("1.30", "1.30"))), null, null, null);

        assertThat(validate(empty).violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("spec.predicates[0].kubernetesVersion");
            assertThat(v.message()).contains("above maximum");
        });
        assertThat(validate(single).violations()).isEmpty();
    }

    @Test
    void tolerationsAndDefaultsBecomeDurations() {
        PlacementSpec spec = new PlacementSpec("PickN", 1, null, null, null, null, null, null,
                List.of(new Toleration("NotJoined", 300L)));

        PlacementRequest request = new PlacementValidator(Duration.ofSeconds(60)).validate(placement("p", spec)).request();

        assertThat(request.tolerations()).containsExactly(
                new TolerationRule(Taint.NOT_JOINED, true, "", null, Duration.ofSeconds(300)),
                new TolerationRule(Taint.UNHEALTHY, true, "", null, Duration.ofSeconds(60)));
        assertThat(new PlacementValidator(Duration.ofSeconds(60)).validate(placement("p", new PlacementSpec("PickN", 1,
                null, null, null, null, null, null, List.of(new Toleration("Unhealthy", null))))).request().tolerations())
                .containsExactly(new TolerationRule(Taint.UNHEALTHY, true, "", null, PlacementRequest.TOLERATED_FOREVER));
    }

    private static PlacementSpec selecting(V1LabelSelector selector) {
        return new PlacementSpec("PickAll", null, null, null, null, java.util.List.of(new ClusterSelectorTerm(selector, null, null)), null, null, null);
    }

    /** A selector that breaks label syntax can never match: it is a misconfiguration, not "no cluster matched". */
    @Test
    void invalidLabelSelectorsNameTheField() {
        V1LabelSelector selector = new V1LabelSelector()
                .matchLabels(new java.util.TreeMap<>(Map.of("bad key!", "prod", "env", "two words")))
                .addMatchExpressionsItem(new V1LabelSelectorRequirement().key("-tier").operator("In").values(List.of("gold")))
                .addMatchExpressionsItem(new V1LabelSelectorRequirement().key("example.com/" + "n".repeat(64)).operator("Exists"))
                .addMatchExpressionsItem(new V1LabelSelectorRequirement().key("Upper.Case/zone").operator("In").values(List.of("a")))
                .addMatchExpressionsItem(new V1LabelSelectorRequirement().key("zone").operator("Near").values(List.of("a")))
                .addMatchExpressionsItem(new V1LabelSelectorRequirement().key("zone").operator("In").values(List.of("ok", "not ok")))
                .addMatchExpressionsItem(new V1LabelSelectorRequirement().key("zone").operator("NotIn"))
                .addMatchExpressionsItem(new V1LabelSelectorRequirement().key("zone").operator("Exists").values(List.of("a")));

        ValidationResult result = validate(selecting(selector));

        String field = "spec.predicates[0].labelSelector.";
        assertThat(result.violations()).extracting(SpecViolation::field).containsExactly(
                field + "matchLabels", field + "matchLabels",
                field + "matchExpressions[0].key", field + "matchExpressions[1].key", field + "matchExpressions[2].key",
                field + "matchExpressions[3].operator", field + "matchExpressions[4].values[1]",
                field + "matchExpressions[5].values", field + "matchExpressions[6].values");
        assertThat(result.message())
                .contains("matchLabels: 'bad key!' is not a valid label key: name part must consist of alphanumeric")
                .contains("'two words' (of key 'env') is not a valid label value")
                .contains("matchExpressions[1].key: 'example.com/nnn", "name part must be no more than 63 characters")
                .contains("matchExpressions[2].key: 'Upper.Case/zone' is not a valid label key: prefix part must be a lowercase")
                .contains("'Near' is not one of In, NotIn, Exists, DoesNotExist");
        assertThat(validate(selecting(new V1LabelSelector().matchLabels(Map.of("example.com/env", "")))).isValid()).isTrue();
    }

    @Test
    void blankClusterManagerOrClusterSetIsNotAWildcard() {
        assertThat(validate(new PlacementSpec("PickAll", null, null, " ", null, null, null, null, null)).message())
                .isEqualTo("spec.clusterManager: ' ' is blank or has leading or trailing spaces; "
                        + "omit the field to accept every cluster manager");
        assertThat(validate(new PlacementSpec("PickAll", null, null, "", null, null, null, null, null)).isValid()).isFalse();
        assertThat(validate(new PlacementSpec("PickAll", null, null, " ocm", null, null, null, null, null)).isValid()).isFalse();
        assertThat(validate(new PlacementSpec("PickAll", null, null, null, List.of("prod", " "), null, null, null, null))
                .violations()).extracting(SpecViolation::field).containsExactly("spec.clusterSets[1]");
        assertThat(validate(new PlacementSpec("PickAll", null, null, "ocm", null, null, null, null, null)).request()
                .clusterManager()).isEqualTo("ocm");
    }

    /** The plan command has no API server: values beyond the CRD's bounds are reported, not used. */
    @Test
    void valuesBeyondTheCrdBoundsAreReported() {
        PlacementSpec spec = new PlacementSpec("PickN", 10_001, null, null, null, null, null,
                new TopologySpread("location", Integer.MAX_VALUE),
                List.of(new Toleration("Unhealthy", Long.MAX_VALUE)));

        assertThat(validate(spec).message()).isEqualTo("spec.numberOfClusters: must be at most 10000, got 10001; "
                + "spec.topologySpread.maxSkew: must be between 1 and 10000, got 2147483647; "
                + "spec.tolerations[0].tolerationSeconds: must be between 0 and 1000000000000000000, got 9223372036854775807");
        assertThat(validate(new PlacementSpec("PickN", 1, null, null, null, null, null, null,
                List.of(new Toleration("Unhealthy", Toleration.MAX_TOLERATION_SECONDS)))).isValid()).isTrue();
    }

    @Test
    void messagesQuoteLongValuesShortly() {
        String huge = "x".repeat(10_000);

        String message = validate(new PlacementSpec(huge, null, null, null, null, null, null, null,
                List.of(new Toleration(huge, null)))).message();

        assertThat(message).hasSizeLessThan(400).contains("more characters)");
    }

    @Test
    void missingSpecIsReported() {
        assertThat(validate(null).message()).isEqualTo("spec: is required");
    }
}
