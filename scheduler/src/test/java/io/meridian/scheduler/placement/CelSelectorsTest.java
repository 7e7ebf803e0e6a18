package io.meridian.scheduler.placement;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.scheduler.fleet.ClusterFact;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CelSelectorsTest {

    private final CelSelectors cel = new CelSelectors();

    private final ClusterFact cluster = profile("fleet", "prod-eu-1").label("env", "prod")
            .property("location", "eu-west-1").property("cpu.available", "48").property("memory.available", "64Gi")
            .property("zone.count", "3").clusterSet("prod").version("v1.30.2-eks-1234").fact();

    private CelSelector selector(String expression) {
        List<SpecViolation> violations = new ArrayList<>();
        CelSelector selector = cel.selector("spec.predicates[0].celExpressions[0]", expression, violations);
        assertThat(violations).as(expression).isEmpty();
        return selector;
    }

    private String violation(String expression) {
        List<SpecViolation> violations = new ArrayList<>();
        assertThat(cel.selector("spec.predicates[0].celExpressions[0]", expression, violations)).isNull();
        return violations.get(0).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "labels['env'] == 'prod'",
            "clusterName == 'prod-eu-1' && clusterNamespace == 'fleet'",
            "clusterManager == 'open-cluster-management' && clusterSet == 'prod' && location == 'eu-west-1'",
            "kubernetesVersion == '1.30.2'",
            "number(properties['cpu.available']) >= 32",
            "quantity(properties['memory.available']) > quantity('32Gi')",
            "quantity(properties['memory.available']) == 68719476736.0",
            "compareVersions(kubernetesVersion, '1.30') > 0 && compareVersions('v1.29.9', kubernetesVersion) < 0",
            "compareVersions('1.30', '1.30.0') == 0",
            "labels[?'tier'].orValue('bronze') == 'bronze'",
            "'gpu.count' in properties || properties.exists(k, k.startsWith('zone'))",
            "labels.all(k, k.lowerAscii() == k) && properties['location'].split('-').size() == 3"})
    void variablesAndHelpersDescribeTheProfile(String expression) {
        assertThat(selector(expression).mismatch(cluster)).isNull();
    }

    @Test
    void aFalseExpressionOrAnErrorOnOneClusterIsAMismatch() {
        assertThat(selector("labels['env'] == 'dev'").mismatch(cluster))
                .isEqualTo("CEL expression 'labels['env'] == 'dev'' is false");
        assertThat(selector("labels['tier'] == 'gold'").mismatch(cluster))
                .startsWith("CEL expression 'labels['tier'] == 'gold'' failed: ").contains("tier");
        assertThat(selector("number(properties['memory.available']) > 1").mismatch(cluster))
                .contains("number: '64Gi' is not a number");
        assertThat(selector("quantity(labels['env']) > 1.0").mismatch(cluster))
                .contains("quantity: 'prod' is not a Kubernetes quantity");
        assertThat(selector("compareVersions(labels['env'], '1.30') > 0").mismatch(cluster))
                .contains("compareVersions: 'prod' is not a Kubernetes version");
        assertThat(selector("kubernetesVersion == ''").mismatch(profile("old").version(null).fact())).isNull();
    }

    /** What does not compile or is not boolean is reported with the expression and the compiler's message. */
    @Test
    void badExpressionsNameTheExpressionAndTheCompilersMessage() {
        assertThat(violation("labels.env")).isEqualTo(
                "spec.predicates[0].celExpressions[0]: 'labels.env' does not compile: 1:7: expected type 'bool' but found 'string'");
        assertThat(violation("labels['env'] ==")).startsWith(
                "spec.predicates[0].celExpressions[0]: 'labels['env'] ==' does not compile: 1:");
        assertThat(violation("region == 'eu'")).contains("undeclared reference to 'region'");
        assertThat(violation("quantity(1) > 0")).contains("found no matching overload for 'quantity'");
    }

    @Test
    void anExpressionOverItsCostMakesTheSpecMisconfigured() {
        String hundred = "[" + String.join(",", java.util.stream.IntStream.range(0, 100).mapToObj(Integer::toString).toList()) + "]";
        CelSelector expensive = selector(hundred + ".all(x, " + hundred + ".all(y, x + y >= 0))");

        assertThatThrownBy(() -> expensive.mismatch(cluster))
                .isInstanceOfSatisfying(SpecMisconfiguredException.class, e -> assertThat(e.getMessage())
                        .startsWith("spec.predicates[0].celExpressions[0]: '[0,1,2,")
                        .endsWith("exceeds its cost limit of 10000 evaluation steps on cluster fleet/prod-eu-1"));
        assertThat(selector(hundred + ".all(x, x >= 0)").mismatch(cluster)).isNull();
    }

    /** Specs are validated on every pass; each expression is compiled only once. */
    @Test
    void eachExpressionIsCompiledOnce() {
        for (int pass = 0; pass < 5; pass++) {
            selector("labels['env'] == 'prod'");
            violation("labels.env");
        }

        assertThat(cel.compilations()).isEqualTo(2);
    }
}
