package io.meridian.scheduler.placement;

import io.meridian.api.placement.PropertyOperator;
import io.meridian.scheduler.fleet.ClusterFact;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.SortedSet;

/**
 * A validated property requirement. Numeric operators compare numbers or Kubernetes quantities;
 * a cluster whose value is absent or unreadable does not match them. Reasons quote values
 * shortened (see {@link Wording}), so a requirement with many long values gives a short reason.
 *
 * @param values sorted, so that reasons list them in the same order on every replica
 */
public record PropertyRequirementMatcher(String name, PropertyOperator operator, SortedSet<String> values,
                                         BigDecimal bound) {

    /** Null when the cluster matches, otherwise why not. */
    public String mismatch(ClusterFact cluster) {
        String value = cluster.properties().get(name);
        return switch (operator) {
            case Exists -> value != null ? null : "has no property " + name;
            case DoesNotExist -> value == null ? null : "has property " + name;
            case In -> value != null && values.contains(value) ? null
                    : "property " + name + " is " + describe(value) + ", not one of " + Wording.list(values);
            case NotIn -> value == null || !values.contains(value) ? null
                    : "property " + name + " is " + Wording.value(value) + ", which is excluded";
            case Gt, Ge, Lt, Le -> numericMismatch(cluster, value);
        };
    }

    private String numericMismatch(ClusterFact cluster, String value) {
        Optional<BigDecimal> number = cluster.numericProperty(name);
        if (number.isEmpty()) {
            return value == null ? "has no property " + name
                    : "property " + name + " is '" + Wording.value(value) + "', not a number";
        }
        int comparison = number.get().compareTo(bound);
        boolean matches = switch (operator) {
            case Gt -> comparison > 0;
            case Ge -> comparison >= 0;
            case Lt -> comparison < 0;
            case Le -> comparison <= 0;
            default -> throw new IllegalStateException(operator.name());
        };
        return matches ? null : "property " + name + " is " + Wording.value(value) + ", wants " + symbol() + " "
                // the spec's own text: a quantity such as 1e999999 has no short plain form
                + Wording.value(values.first());
    }

    private String symbol() {
        return switch (operator) {
            case Gt -> ">";
            case Ge -> ">=";
            case Lt -> "<";
            case Le -> "<=";
            default -> operator.name();
        };
    }

    private static String describe(String value) {
        return value == null ? "missing" : Wording.value(value);
    }
}
