package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PreferredTerm;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.ScopedPropertySorter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a Placement spec and turns it into a {@link PlacementRequest}. It repeats what the CRD's
 * schema and CEL rules enforce, because the offline {@code plan} command has no API server to
 * reject bad input, and because a CRD installed from an older release may let more through.
 */
public final class PlacementValidator {

    private final TermValidator terms = new TermValidator(new CelSelectors());
    private final DecisionStrategyValidator groupingValidator = new DecisionStrategyValidator(terms);
    private final TolerationValidator tolerationValidator;

    /**
     * @param defaultUnhealthyToleration applied when no toleration of a placement names the unhealthy
     *                                   taint; null for none
     */
    public PlacementValidator(Duration defaultUnhealthyToleration) {
        this.tolerationValidator = new TolerationValidator(defaultUnhealthyToleration);
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

        ClusterPredicates predicates = predicates(spec.predicates(), violations);
        boolean keepsSelected = false;
        String during = spec.predicatesDuringExecution();
        if (PlacementSpec.IGNORED.equals(during)) {
            keepsSelected = true;
            if (type != PlacementType.PickAll) {
                violations.add(new SpecViolation("spec.predicatesDuringExecution",
                        "Ignored is only used with placementType PickAll"));
            }
        } else if (during != null && !PlacementSpec.REQUIRED.equals(during)) {
            violations.add(new SpecViolation("spec.predicatesDuringExecution",
                    "'" + Wording.value(during) + "' is not one of Required, Ignored"));
        }

        Preferences preferences = spec.preferences();
        List<String> locations = preferences == null ? List.of() : distinct(preferences.locations());
        List<String> preferredSets = preferences == null ? List.of() : distinct(preferences.clusterSets());
        List<PreferenceSorter> sorters = preferences == null ? List.of() : sorters(preferences.propertySorters(), violations);
        List<PreferredTermRule> preferredTerms = preferences == null ? List.of()
                : preferredTerms(preferences.preferredTerms(), violations);

        ScoringPolicy scoring = ScoringValidator.validate(spec, violations);

        List<TolerationRule> tolerations = tolerationValidator.tolerations(spec.tolerations(), violations);
        DecisionGrouping grouping = groupingValidator.grouping(spec.decisionStrategy(), violations);
        ResourceRequests resources = ResourceRequestValidator.requests(spec.resources(), violations);

        if (!violations.isEmpty()) {
            return new ValidationResult(null, List.copyOf(violations));
        }
        PlacementRequest request = new PlacementRequest(placement.key(), namespace, type, numberOfClusters, fixed,
                spec.clusterManager(), new TreeSet<>(distinct(spec.clusterSets())), predicates, keepsSelected,
                locations, preferredSets, sorters, preferredTerms, scoring, tolerations, grouping,
                currentDecision(placement), decidedForGeneration(placement), resources);
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

    private ClusterPredicates predicates(List<ClusterSelectorTerm> given, List<SpecViolation> violations) {
        if (given == null || given.isEmpty()) {
            return ClusterPredicates.NONE;
        }
        if (given.size() > ClusterSelectorTerm.MAX_TERMS) {
            violations.add(new SpecViolation("spec.predicates", "may hold at most " + ClusterSelectorTerm.MAX_TERMS
                    + " terms, got " + given.size()));
            return ClusterPredicates.NONE;
        }
        List<SelectorTerm> result = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            result.add(terms.term(given.get(i), "spec.predicates[" + i + "]", violations));
        }
        return new ClusterPredicates(result);
    }

    private List<PreferredTermRule> preferredTerms(List<PreferredTerm> given, List<SpecViolation> violations) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > PreferredTerm.MAX_TERMS) {
            violations.add(new SpecViolation("spec.preferences.preferredTerms", "may hold at most "
                    + PreferredTerm.MAX_TERMS + " terms, got " + given.size()));
            return List.of();
        }
        List<PreferredTermRule> result = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String field = "spec.preferences.preferredTerms[" + i + "]";
            PreferredTerm term = given.get(i);
            if (term == null || term.weight() == null || term.weight() == 0
                    || term.weight() < PreferredTerm.MIN_WEIGHT || term.weight() > PreferredTerm.MAX_WEIGHT) {
                violations.add(new SpecViolation(field + ".weight", "must be between " + PreferredTerm.MIN_WEIGHT
                        + " and " + PreferredTerm.MAX_WEIGHT + " and not 0, got "
                        + (term == null ? null : term.weight())));
                continue;
            }
            SelectorTerm preference = terms.term(term.preference(), field + ".preference", violations);
            ScopedPropertySorter sorter = term.propertySorter();
            if (sorter == null) {
                result.add(new PreferredTermRule(term.weight(), preference, null, true));
                continue;
            }
            String order = sorter.order() == null ? PropertySorter.DESCENDING : sorter.order();
            if (sorter.name() == null || sorter.name().isBlank()) {
                violations.add(new SpecViolation(field + ".propertySorter.name", "is required"));
            } else if (!order.equals(PropertySorter.ASCENDING) && !order.equals(PropertySorter.DESCENDING)) {
                violations.add(new SpecViolation(field + ".propertySorter.order",
                        "'" + Wording.value(order) + "' is not one of Ascending, Descending"));
            } else {
                result.add(new PreferredTermRule(term.weight(), preference, sorter.name(),
                        order.equals(PropertySorter.DESCENDING)));
            }
        }
        return result;
    }

    private static Set<ClusterProfileRef> currentDecision(Placement placement) {
        if (placement.status() == null || placement.status().decisions() == null) {
            return Set.of();
        }
        Set<ClusterProfileRef> current = new TreeSet<>();
        for (Decision decision : placement.status().decisions()) {
            if (decision != null && decision.clusterProfileRef() != null && decision.clusterProfileRef().name() != null) {
                current.add(decision.clusterProfileRef());
            }
        }
        return current;
    }

    /** The current decision answers this very spec: stability may hold it (see {@link PlacementRequest#isSteady()}). */
    private static boolean decidedForGeneration(Placement placement) {
        PlacementStatus status = placement.status();
        return status != null && status.decisions() != null && status.observedGeneration() != null
                && status.observedGeneration().equals(placement.metadata().getGeneration());
    }

    private static List<String> distinct(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(Objects::nonNull).filter(v -> !v.isBlank()).distinct().toList();
    }

    private static boolean isTrimmedAndNotEmpty(String value) {
        return !value.isEmpty() && value.strip().equals(value);
    }
}
