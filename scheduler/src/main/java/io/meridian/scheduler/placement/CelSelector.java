package io.meridian.scheduler.placement;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.meridian.scheduler.fleet.ClusterFact;
import java.util.Map;

/**
 * One compiled CEL expression of a spec, evaluated on one cluster at a time within
 * {@link CelSelectors#COST_LIMIT} evaluation steps. Going over the limit is the spec's fault, not
 * the cluster's, so it throws {@link SpecMisconfiguredException}; any other evaluation error, such
 * as a missing map key or a property that is not a number, means the cluster does not match.
 */
final class CelSelector {

    private final String field;
    private final String expression;
    private final CelRuntime.Program program;

    CelSelector(String field, String expression, CelRuntime.Program program) {
        this.field = field;
        this.expression = expression;
        this.program = program;
    }

    /** Null when the expression is true for the cluster, otherwise why not. */
    String mismatch(ClusterFact cluster) {
        StepCounter steps = new StepCounter();
        Object result;
        try {
            result = program.trace(variables(cluster), (expr, value) -> steps.step());
        } catch (CelEvaluationException failed) {
            if (steps.exceeded()) {
                throw new SpecMisconfiguredException(new SpecViolation(field, "'" + Wording.value(expression)
                        + "' exceeds its cost limit of " + CelSelectors.COST_LIMIT + " evaluation steps on cluster "
                        + cluster.ref()));
            }
            return "CEL expression '" + Wording.value(expression) + "' failed: " + Wording.value(failed.getMessage());
        }
        return Boolean.TRUE.equals(result) ? null : "CEL expression '" + Wording.value(expression) + "' is false";
    }

    private static Map<String, Object> variables(ClusterFact cluster) {
        return Map.of(
                "clusterName", orEmpty(cluster.ref().name()),
                "clusterNamespace", orEmpty(cluster.ref().namespace()),
                "clusterManager", orEmpty(cluster.clusterManager()),
                "clusterSet", orEmpty(cluster.clusterSet()),
                "location", orEmpty(cluster.location()),
                "kubernetesVersion", cluster.version().map(Object::toString).orElse(""),
                "labels", cluster.labels(),
                "properties", cluster.properties());
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Counts evaluation steps; past the limit it stops the evaluation by failing it. */
    private static final class StepCounter {
        private int steps;

        void step() {
            if (++steps > CelSelectors.COST_LIMIT) {
                throw new CostExceeded();
            }
        }

        boolean exceeded() {
            return steps > CelSelectors.COST_LIMIT;
        }
    }

    private static final class CostExceeded extends RuntimeException {
        CostExceeded() {
            super("cost limit exceeded", null, false, false);
        }
    }
}
