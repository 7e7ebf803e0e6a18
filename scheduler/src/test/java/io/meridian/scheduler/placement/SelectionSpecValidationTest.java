package io.meridian.scheduler.placement;

import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.custom.IntOrString;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.DecisionGroup;
import io.meridian.api.placement.DecisionStrategy;
import io.meridian.api.placement.GroupClusterSelector;
import io.meridian.api.placement.GroupStrategy;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PreferredTerm;
import io.meridian.api.placement.ScopedPropertySorter;
import io.meridian.api.placement.Toleration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the CRD refuses of the selection features, the validator refuses too, naming the field:
 * the plan command has no API server, and an older CRD may let more through.
 */
class SelectionSpecValidationTest {

    private static ValidationResult validate(PlacementSpec spec) {
        return new PlacementValidator(null).validate(placement("p", spec));
    }

    private static List<String> fields(PlacementSpec spec) {
        return validate(spec).violations().stream().map(SpecViolation::field).toList();
    }

    @Test
    void tolerationsNeedAKnownFormOperatorAndEffect() {
        PlacementSpec spec = PlacementSpec.builder("PickAll").tolerations(
                new Toleration("Unhealthy", "example.com/a", null, null, null, null),
                Toleration.of(null, null, null, "NoSelect", null),
                Toleration.of("example.com/a", "Exists", "v", null, null),
                Toleration.of("example.com/a", "Matches", null, null, null),
                Toleration.of("example.com/a", null, null, "NoSchedule", null),
                Toleration.of("example.com/a", "Exists", null, "NoSelectIfNew", 30L)).build();

        assertThat(validate(spec).message()).isEqualTo("spec.tolerations[0]: condition is the short form of a toleration: "
                + "it takes no key, operator, value or effect; "
                + "spec.tolerations[1]: needs a condition or a key; an empty key needs operator Exists; "
                + "spec.tolerations[2].value: operator Exists takes no value; "
                + "spec.tolerations[3].operator: 'Matches' is not one of Equal, Exists; "
                + "spec.tolerations[4].effect: 'NoSchedule' is not one of NoSelect, PreferNoSelect, NoSelectIfNew");
        assertThat(fields(PlacementSpec.builder("PickAll")
                .tolerations(Collections.nCopies(33, new Toleration("Unhealthy", null)).toArray(Toleration[]::new)).build()))
                .containsExactly("spec.tolerations");
    }

    @Test
    void preferredTermsNeedAWeightAndASorterWithAName() {
        PlacementSpec spec = PlacementSpec.builder("PickN").numberOfClusters(1).preferences(new Preferences(null, null, null,
                List.of(new PreferredTerm(0, null, null), new PreferredTerm(101, null, null), new PreferredTerm(null, null, null),
                        new PreferredTerm(10, null, new ScopedPropertySorter(" ", null)),
                        new PreferredTerm(10, null, new ScopedPropertySorter("cpu", "Up")),
                        new PreferredTerm(10, ClusterSelectorTerm.cel("labels.env"), null),
                        new PreferredTerm(-100, null, new ScopedPropertySorter("cpu", "Ascending"))))).build();

        assertThat(fields(spec)).containsExactly("spec.preferences.preferredTerms[0].weight",
                "spec.preferences.preferredTerms[1].weight", "spec.preferences.preferredTerms[2].weight",
                "spec.preferences.preferredTerms[3].propertySorter.name",
                "spec.preferences.preferredTerms[4].propertySorter.order",
                "spec.preferences.preferredTerms[5].preference.celExpressions[0]");
    }

    @Test
    void decisionGroupsNeedUniqueNamesAndASize() {
        GroupClusterSelector all = new GroupClusterSelector(null, null);
        PlacementSpec spec = PlacementSpec.builder("PickAll").decisionStrategy(new DecisionStrategy(new GroupStrategy(
                List.of(new DecisionGroup("canary", all), new DecisionGroup("canary", all), new DecisionGroup("-bad", all),
                        new DecisionGroup(null, all)), new IntOrString(0)))).build();

        assertThat(validate(spec).message()).isEqualTo(
                "spec.decisionStrategy.groupStrategy.decisionGroups[1].groupName: 'canary' is the name of an earlier group; "
                + "spec.decisionStrategy.groupStrategy.decisionGroups[2].groupName: '-bad' is not a group name: up to 63 "
                + "letters, digits, '-', '_' or '.', starting and ending with a letter or digit; "
                + "spec.decisionStrategy.groupStrategy.decisionGroups[3].groupName: '<none>' is not a group name: up to 63 "
                + "letters, digits, '-', '_' or '.', starting and ending with a letter or digit; "
                + "spec.decisionStrategy.groupStrategy.clustersPerDecisionGroup: must be a count from 1 to 10000 or a "
                + "percentage from 1% to 100%, got 0");
        for (String size : List.of("0%", "101%", "half", "5", "10.5%")) {
            assertThat(fields(PlacementSpec.builder("PickAll").decisionStrategy(new DecisionStrategy(
                    new GroupStrategy(null, new IntOrString(size)))).build())).as(size)
                    .containsExactly("spec.decisionStrategy.groupStrategy.clustersPerDecisionGroup");
        }
        assertThat(validate(PlacementSpec.builder("PickAll").decisionStrategy(new DecisionStrategy(
                new GroupStrategy(null, new IntOrString("100%")))).build()).isValid()).isTrue();
    }

    @Test
    void predicatesDuringExecutionIgnoredIsForPickAllOnly() {
        assertThat(validate(PlacementSpec.builder("PickN").numberOfClusters(1).predicatesDuringExecution("Ignored").build())
                .message()).isEqualTo("spec.predicatesDuringExecution: Ignored is only used with placementType PickAll");
        assertThat(validate(PlacementSpec.builder("PickAll").predicatesDuringExecution("Sometimes").build()).message())
                .isEqualTo("spec.predicatesDuringExecution: 'Sometimes' is not one of Required, Ignored");
        assertThat(validate(PlacementSpec.builder("PickAll").predicatesDuringExecution("Ignored").build()).request()
                .keepsSelectedClusters()).isTrue();
    }

    @Test
    void termsAndCelExpressionsAreBounded() {
        assertThat(fields(PlacementSpec.builder("PickAll").predicates(
                Collections.nCopies(9, ClusterSelectorTerm.cel("true")).toArray(ClusterSelectorTerm[]::new)).build()))
                .containsExactly("spec.predicates");
        assertThat(fields(PlacementSpec.builder("PickAll").predicates(
                ClusterSelectorTerm.cel(Collections.nCopies(9, "true").toArray(String[]::new))).build()))
                .containsExactly("spec.predicates[0].celExpressions");
        assertThat(fields(PlacementSpec.builder("PickAll").predicates(ClusterSelectorTerm.cel("", "true || " + "x".repeat(3000)))
                .build())).containsExactly("spec.predicates[0].celExpressions[0]", "spec.predicates[0].celExpressions[1]");
    }
}
