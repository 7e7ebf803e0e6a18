package io.meridian.scheduler.placement;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.util.labels.LabelSelector;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.GroupClusterSelector;
import io.meridian.api.placement.PropertyOperator;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.VersionRange;
import io.meridian.scheduler.fleet.KubernetesVersion;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks selector terms (of predicates, preferred terms and decision groups) and turns them into
 * {@link SelectorTerm}s, compiling their CEL expressions. Every violation names its field.
 */
final class TermValidator {

    private static final Set<String> LABEL_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private final CelSelectors cel;

    TermValidator(CelSelectors cel) {
        this.cel = cel;
    }

    /** A term at {@code field}; null (an empty term) matches every cluster. */
    SelectorTerm term(ClusterSelectorTerm term, String field, List<SpecViolation> violations) {
        if (term == null) {
            return SelectorTerm.EVERY_CLUSTER;
        }
        LabelSelector labels = labelSelector(term.labelSelector(), field + ".labelSelector", violations);
        List<PropertyRequirementMatcher> properties = propertyRequirements(term.propertySelector(),
                field + ".propertySelector", violations);
        KubernetesVersion minimum = null;
        KubernetesVersion maximum = null;
        VersionRange range = term.kubernetesVersion();
        if (range != null) {
            String at = field + ".kubernetesVersion";
            minimum = version(range.minimum(), at + ".minimum", violations);
            maximum = version(range.maximum(), at + ".maximum", violations);
            // The lowest version the minimum admits must not already be above the maximum.
            if (minimum != null && maximum != null && new KubernetesVersion(minimum.major(),
                    minimum.minor() == null ? 0 : minimum.minor(), minimum.patch() == null ? 0 : minimum.patch())
                    .compareAgainstBound(maximum) > 0) {
                violations.add(new SpecViolation(at, "minimum " + minimum + " is above maximum " + maximum
                        + ", so no cluster can match"));
            }
        }
        List<CelSelector> selectors = new ArrayList<>();
        List<String> expressions = term.celExpressions() == null ? List.of() : term.celExpressions();
        if (expressions.size() > ClusterSelectorTerm.MAX_CEL_EXPRESSIONS) {
            violations.add(new SpecViolation(field + ".celExpressions", "may hold at most "
                    + ClusterSelectorTerm.MAX_CEL_EXPRESSIONS + " expressions, got " + expressions.size()));
            expressions = List.of();
        }
        for (int i = 0; i < expressions.size(); i++) {
            String at = field + ".celExpressions[" + i + "]";
            String expression = expressions.get(i);
            if (expression == null || expression.isBlank()) {
                violations.add(new SpecViolation(at, "is empty"));
            } else if (expression.length() > ClusterSelectorTerm.MAX_CEL_LENGTH) {
                violations.add(new SpecViolation(at, "has " + expression.length() + " characters, at most "
                        + ClusterSelectorTerm.MAX_CEL_LENGTH + " are allowed"));
            } else {
                CelSelector selector = cel.selector(at, expression, violations);
                if (selector != null) {
                    selectors.add(selector);
                }
            }
        }
        return new SelectorTerm(labels, properties, minimum, maximum, selectors);
    }

    /** A decision group's selector: labels and properties only. */
    SelectorTerm groupSelector(GroupClusterSelector selector, String field, List<SpecViolation> violations) {
        if (selector == null) {
            return SelectorTerm.EVERY_CLUSTER;
        }
        return new SelectorTerm(labelSelector(selector.labelSelector(), field + ".labelSelector", violations),
                propertyRequirements(selector.propertySelector(), field + ".propertySelector", violations),
                null, null, List.of());
    }

    /**
     * A key or value that breaks Kubernetes label syntax could never match, so it is reported as
     * a misconfiguration naming the field, not left to match no cluster.
     */
    private static LabelSelector labelSelector(V1LabelSelector selector, String field, List<SpecViolation> violations) {
        if (selector == null) {
            return null;
        }
        int before = violations.size();
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of()
                : new TreeMap<>(selector.getMatchLabels());
        matchLabels.forEach((key, value) -> {
            invalid(field + ".matchLabels", "'" + Wording.value(key) + "' is not a valid label key",
                    LabelSyntax.keyError(key), violations);
            invalid(field + ".matchLabels", "'" + Wording.value(value) + "' (of key '" + Wording.value(key)
                    + "') is not a valid label value", LabelSyntax.valueError(value), violations);
        });
        List<V1LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            String at = field + ".matchExpressions[" + i + "]";
            V1LabelSelectorRequirement expression = expressions.get(i);
            if (expression == null) {
                violations.add(new SpecViolation(at, "is empty"));
                continue;
            }
            invalid(at + ".key", "'" + Wording.value(expression.getKey()) + "' is not a valid label key",
                    LabelSyntax.keyError(expression.getKey()), violations);
            List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
            String operator = expression.getOperator();
            if (!LABEL_OPERATORS.contains(String.valueOf(operator))) {
                violations.add(new SpecViolation(at + ".operator",
                        "'" + Wording.value(operator) + "' is not one of In, NotIn, Exists, DoesNotExist"));
            } else if (operator.equals("In") || operator.equals("NotIn")) {
                if (values.isEmpty()) {
                    violations.add(new SpecViolation(at + ".values", operator + " needs at least one value"));
                }
            } else if (!values.isEmpty()) {
                violations.add(new SpecViolation(at + ".values", operator + " takes no values"));
            }
            for (int v = 0; v < values.size(); v++) {
                invalid(at + ".values[" + v + "]", "'" + Wording.value(values.get(v)) + "' is not a valid label value",
                        LabelSyntax.valueError(values.get(v)), violations);
            }
        }
        if (violations.size() > before) {
            return null;
        }
        try {
            return LabelSelector.parse(selector);
        } catch (RuntimeException invalid) {
            violations.add(new SpecViolation(field, Wording.truncate(String.valueOf(invalid.getMessage()), 256)));
            return null;
        }
    }

    private static void invalid(String field, String problem, String error, List<SpecViolation> violations) {
        if (error != null) {
            violations.add(new SpecViolation(field, problem + ": " + error));
        }
    }

    private static List<PropertyRequirementMatcher> propertyRequirements(PropertySelector selector, String field,
                                                                         List<SpecViolation> violations) {
        if (selector == null || selector.matchExpressions() == null) {
            return List.of();
        }
        List<PropertyRequirement> expressions = selector.matchExpressions();
        List<PropertyRequirementMatcher> matchers = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            String at = field + ".matchExpressions[" + i + "]";
            PropertyRequirement expression = expressions.get(i);
            if (expression == null || expression.name() == null || expression.name().isBlank()) {
                violations.add(new SpecViolation(at + ".name", "is required"));
                continue;
            }
            Optional<PropertyOperator> operator = PropertyOperator.parse(expression.operator());
            if (operator.isEmpty()) {
                violations.add(new SpecViolation(at + ".operator", "'" + Wording.value(expression.operator())
                        + "' is not one of In, NotIn, Exists, DoesNotExist, Gt, Ge, Lt, Le"));
                continue;
            }
            List<String> values = expression.values() == null ? List.of()
                    : expression.values().stream().filter(Objects::nonNull).toList();
            PropertyOperator op = operator.get();
            BigDecimal bound = null;
            if (op.takesNoValues() && !values.isEmpty()) {
                violations.add(new SpecViolation(at + ".values", op + " takes no values"));
            } else if (!op.takesNoValues() && !op.isNumeric() && values.isEmpty()) {
                violations.add(new SpecViolation(at + ".values", op + " needs at least one value"));
            } else if (op.isNumeric()) {
                bound = values.size() == 1 ? quantity(values.get(0)) : null;
                if (bound == null) {
                    violations.add(new SpecViolation(at + ".values",
                            op + " needs exactly one number or Kubernetes quantity, got " + Wording.list(values)));
                }
            }
            matchers.add(new PropertyRequirementMatcher(expression.name(), op, new TreeSet<>(values), bound));
        }
        return matchers;
    }

    private static KubernetesVersion version(String text, String field, List<SpecViolation> violations) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Optional<KubernetesVersion> version = KubernetesVersion.parse(text);
        if (version.isEmpty() || !text.trim().matches("v?\\d+(\\.\\d+){0,2}")) {
            violations.add(new SpecViolation(field, "'" + Wording.value(text) + "' is not a version such as 1.29 or 1.29.3"));
            return null;
        }
        return version.get();
    }

    private static BigDecimal quantity(String value) {
        try {
            return new Quantity(value.trim()).getNumber();
        } catch (RuntimeException notAQuantity) {
            return null;
        }
    }
}
