package io.meridian.scheduler.placement;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.util.labels.LabelSelector;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementType;
import io.meridian.api.placement.Predicates;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PropertyOperator;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.Toleration;
import io.meridian.scheduler.fleet.KubernetesVersion;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a Placement spec and turns it into a {@link PlacementRequest}. It repeats what the CRD's
 * schema and CEL rules enforce, because the offline {@code plan} command has no API server to
 * reject bad input, and because a CRD installed from an older release may let more through.
 */
public final class PlacementValidator {

    private static final Set<String> LABEL_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private final Duration defaultUnhealthyToleration;

    /** @param defaultUnhealthyToleration applied when a placement has no Unhealthy toleration; null for none */
    public PlacementValidator(Duration defaultUnhealthyToleration) {
        this.defaultUnhealthyToleration = defaultUnhealthyToleration;
    }

    public ValidationResult validate(Placement placement) {
        List<SpecViolation> violations = new ArrayList<>();
        PlacementSpec spec = placement.spec();
        if (spec == null) {
            return new ValidationResult(null, List.of(new SpecViolation("spec", "is required")));
        }
        String namespace = placement.metadata().getNamespace();

        PlacementType type = PlacementType.parse(spec.placementType()).orElse(null);
        if (type == null) {
            violations.add(new SpecViolation("spec.placementType",
                    "'" + Wording.value(spec.placementType()) + "' is not one of PickAll, PickN, PickFixed"));
        }
        int numberOfClusters = 0;
        if (type == PlacementType.PickN) {
            if (spec.numberOfClusters() == null || spec.numberOfClusters() < 1) {
                violations.add(new SpecViolation("spec.numberOfClusters", "PickN needs numberOfClusters of at least 1"));
            } else if (spec.numberOfClusters() > PlacementSpec.MAX_NUMBER_OF_CLUSTERS) {
                violations.add(new SpecViolation("spec.numberOfClusters",
                        "must be at most " + PlacementSpec.MAX_NUMBER_OF_CLUSTERS + ", got " + spec.numberOfClusters()));
            } else {
                numberOfClusters = spec.numberOfClusters();
            }
        } else if (spec.numberOfClusters() != null) {
            violations.add(new SpecViolation("spec.numberOfClusters", "is only used with placementType PickN"));
        }
        List<ClusterProfileRef> fixed = fixedClusters(spec, type, namespace, violations);
        if (spec.clusterManager() != null && !isTrimmedAndNotEmpty(spec.clusterManager())) {
            violations.add(new SpecViolation("spec.clusterManager", "'" + Wording.value(spec.clusterManager())
                    + "' is blank or has leading or trailing spaces; omit the field to accept every cluster manager"));
        }
        List<String> clusterSets = spec.clusterSets() == null ? List.of() : spec.clusterSets();
        for (int i = 0; i < clusterSets.size(); i++) {
            if (clusterSets.get(i) == null || !isTrimmedAndNotEmpty(clusterSets.get(i))) {
                violations.add(new SpecViolation("spec.clusterSets[" + i + "]", "'" + Wording.value(clusterSets.get(i))
                        + "' is blank or has leading or trailing spaces; omit the field to accept every clusterset"));
            }
        }

        Predicates predicates = spec.predicates();
        LabelSelector labelSelector = predicates == null ? null : labelSelector(predicates.labelSelector(), violations);
        List<PropertyRequirementMatcher> requirements = predicates == null || predicates.propertySelector() == null
                ? List.of() : propertyRequirements(predicates.propertySelector().matchExpressions(), violations);
        KubernetesVersion minimum = null;
        KubernetesVersion maximum = null;
        if (predicates != null && predicates.kubernetesVersion() != null) {
            minimum = version(predicates.kubernetesVersion().minimum(), "spec.predicates.kubernetesVersion.minimum", violations);
            maximum = version(predicates.kubernetesVersion().maximum(), "spec.predicates.kubernetesVersion.maximum", violations);
            // The lowest version the minimum admits must not already be above the maximum.
            if (minimum != null && maximum != null && new KubernetesVersion(minimum.major(),
                    minimum.minor() == null ? 0 : minimum.minor(), minimum.patch() == null ? 0 : minimum.patch())
                    .compareAgainstBound(maximum) > 0) {
                violations.add(new SpecViolation("spec.predicates.kubernetesVersion",
                        "minimum " + minimum + " is above maximum " + maximum + ", so no cluster can match"));
            }
        }

        Preferences preferences = spec.preferences();
        List<String> locations = preferences == null ? List.of() : distinct(preferences.locations());
        List<String> preferredSets = preferences == null ? List.of() : distinct(preferences.clusterSets());
        List<PreferenceSorter> sorters = preferences == null ? List.of() : sorters(preferences.propertySorters(), violations);

        ScoringPolicy scoring = ScoringValidator.validate(spec, violations);

        Duration unhealthy = defaultUnhealthyToleration;
        Duration notJoined = null;
        List<Toleration> tolerations = spec.tolerations() == null ? List.of() : spec.tolerations();
        for (int i = 0; i < tolerations.size(); i++) {
            Toleration toleration = tolerations.get(i);
            String field = "spec.tolerations[" + i + "]";
            if (toleration == null) {
                continue;
            }
            if (toleration.tolerationSeconds() != null && (toleration.tolerationSeconds() < 0
                    || toleration.tolerationSeconds() > Toleration.MAX_TOLERATION_SECONDS)) {
                violations.add(new SpecViolation(field + ".tolerationSeconds", "must be between 0 and "
                        + Toleration.MAX_TOLERATION_SECONDS + ", got " + toleration.tolerationSeconds()));
                continue;
            }
            Duration duration = toleration.tolerationSeconds() == null ? PlacementRequest.TOLERATED_FOREVER
                    : Duration.ofSeconds(toleration.tolerationSeconds());
            if (Toleration.UNHEALTHY.equals(toleration.condition())) {
                unhealthy = duration;
            } else if (Toleration.NOT_JOINED.equals(toleration.condition())) {
                notJoined = duration;
            } else {
                violations.add(new SpecViolation(field + ".condition",
                        "'" + Wording.value(toleration.condition()) + "' is not one of Unhealthy, NotJoined"));
            }
        }

        if (!violations.isEmpty()) {
            return new ValidationResult(null, List.copyOf(violations));
        }
        PlacementRequest request = new PlacementRequest(placement.key(), namespace, type, numberOfClusters, fixed,
                spec.clusterManager(), new TreeSet<>(distinct(spec.clusterSets())), labelSelector,
                requirements, minimum, maximum, locations, preferredSets, sorters, scoring,
                unhealthy, notJoined, placement.metadata().getGeneration(), PreviousDecision.of(placement));
        return new ValidationResult(request, List.of());
    }

    private static List<ClusterProfileRef> fixedClusters(PlacementSpec spec, PlacementType type, String namespace,
                                                         List<SpecViolation> violations) {
        List<String> names = spec.clusterNames() == null ? List.of() : spec.clusterNames();
        if (type != PlacementType.PickFixed) {
            if (!names.isEmpty()) {
                violations.add(new SpecViolation("spec.clusterNames", "is only used with placementType PickFixed"));
            }
            return List.of();
        }
        if (names.isEmpty()) {
            violations.add(new SpecViolation("spec.clusterNames", "PickFixed needs at least one cluster name"));
        }
        Set<ClusterProfileRef> refs = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank() || name.chars().filter(c -> c == '/').count() > 1) {
                violations.add(new SpecViolation("spec.clusterNames[" + i + "]", "'" + Wording.value(name) + "' is not a name or namespace/name"));
                continue;
            }
            int slash = name.indexOf('/');
            refs.add(slash < 0 ? new ClusterProfileRef(namespace, name)
                    : new ClusterProfileRef(name.substring(0, slash), name.substring(slash + 1)));
        }
        return refs.stream().sorted().toList();
    }

    /**
     * A key or value that breaks Kubernetes label syntax could never match, so it is reported as
     * a misconfiguration naming the field, not left to match no cluster.
     */
    private static LabelSelector labelSelector(V1LabelSelector selector, List<SpecViolation> violations) {
        if (selector == null) {
            return null;
        }
        String field = "spec.predicates.labelSelector";
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

    private static List<PropertyRequirementMatcher> propertyRequirements(List<PropertyRequirement> expressions,
                                                                         List<SpecViolation> violations) {
        if (expressions == null) {
            return List.of();
        }
        List<PropertyRequirementMatcher> matchers = new ArrayList<>();
        for (int i = 0; i < expressions.size(); i++) {
            String field = "spec.predicates.propertySelector.matchExpressions[" + i + "]";
            PropertyRequirement expression = expressions.get(i);
            if (expression == null || expression.name() == null || expression.name().isBlank()) {
                violations.add(new SpecViolation(field + ".name", "is required"));
                continue;
            }
            Optional<PropertyOperator> operator = PropertyOperator.parse(expression.operator());
            if (operator.isEmpty()) {
                violations.add(new SpecViolation(field + ".operator", "'" + Wording.value(expression.operator())
                        + "' is not one of In, NotIn, Exists, DoesNotExist, Gt, Ge, Lt, Le"));
                continue;
            }
            List<String> values = expression.values() == null ? List.of()
                    : expression.values().stream().filter(Objects::nonNull).toList();
            PropertyOperator op = operator.get();
            BigDecimal bound = null;
            if (op.takesNoValues() && !values.isEmpty()) {
                violations.add(new SpecViolation(field + ".values", op + " takes no values"));
            } else if (!op.takesNoValues() && !op.isNumeric() && values.isEmpty()) {
                violations.add(new SpecViolation(field + ".values", op + " needs at least one value"));
            } else if (op.isNumeric()) {
                bound = values.size() == 1 ? quantity(values.get(0)) : null;
                if (bound == null) {
                    violations.add(new SpecViolation(field + ".values",
                            op + " needs exactly one number or Kubernetes quantity, got " + Wording.list(values)));
                }
            }
            matchers.add(new PropertyRequirementMatcher(expression.name(), op, new TreeSet<>(values), bound));
        }
        return matchers;
    }

    private static List<PreferenceSorter> sorters(List<PropertySorter> sorters, List<SpecViolation> violations) {
        if (sorters == null) {
            return List.of();
        }
        List<PreferenceSorter> result = new ArrayList<>();
        for (int i = 0; i < sorters.size(); i++) {
            String field = "spec.preferences.propertySorters[" + i + "]";
            PropertySorter sorter = sorters.get(i);
            if (sorter == null || sorter.name() == null || sorter.name().isBlank()) {
                violations.add(new SpecViolation(field + ".name", "is required"));
                continue;
            }
            String order = sorter.order() == null ? PropertySorter.DESCENDING : sorter.order();
            if (!order.equals(PropertySorter.ASCENDING) && !order.equals(PropertySorter.DESCENDING)) {
                violations.add(new SpecViolation(field + ".order", "'" + Wording.value(order) + "' is not one of Ascending, Descending"));
                continue;
            }
            int weight = sorter.weight() == null ? 1 : sorter.weight();
            if (weight < PropertySorter.MIN_WEIGHT || weight > PropertySorter.MAX_WEIGHT) {
                violations.add(new SpecViolation(field + ".weight", "must be between " + PropertySorter.MIN_WEIGHT
                        + " and " + PropertySorter.MAX_WEIGHT + ", got " + weight));
                continue;
            }
            result.add(new PreferenceSorter(sorter.name(), order.equals(PropertySorter.DESCENDING), weight));
        }
        return result;
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

    private static List<String> distinct(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(Objects::nonNull).filter(v -> !v.isBlank()).distinct().toList();
    }

    private static boolean isTrimmedAndNotEmpty(String value) {
        return !value.isEmpty() && value.strip().equals(value);
    }
}
