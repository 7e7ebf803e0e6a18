package io.meridian.scheduler.decision;

import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.DecisionGroupStatus;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.placement.DecisionGroup;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Writes a {@link PlacementOutcome} as a Placement status. Conditions follow metav1 rules:
 * {@code lastTransitionTime} moves only when a condition's status changes, so an unchanged
 * decision produces an identical status and therefore no API write. Every status fits the
 * {@link StatusBudget}.
 */
public final class StatusBuilder {

    private final StatusBudget budget = new StatusBudget();

    public PlacementStatus build(PlacementOutcome outcome, PlacementStatus previous, Long generation,
                                 OffsetDateTime now) {
        return build(outcome, previous, generation, now, null);
    }

    /** @param access what the Placement's namespace may see; null in tenancy mode open, which adds no condition */
    public PlacementStatus build(PlacementOutcome outcome, PlacementStatus previous, Long generation,
                                 OffsetDateTime now, TenancyScope.Access access) {
        List<V1Condition> before = previous == null || previous.conditions() == null ? List.of() : previous.conditions();
        List<V1Condition> conditions = new ArrayList<>();
        if (outcome.isMisconfigured()) {
            conditions.add(condition(before, Conditions.MISCONFIGURED, "True", Conditions.REASON_INVALID_SPEC,
                    outcome.misconfiguration(), generation, now));
            conditions.add(condition(before, Conditions.SCHEDULED, "False", Conditions.REASON_INVALID_SPEC,
                    "The spec is invalid; the previous decision is kept until it is fixed.", generation, now));
            before.stream().filter(c -> Conditions.SATISFIED.equals(c.getType())
                    || Conditions.RESOURCES_FIT.equals(c.getType())).forEach(conditions::add);
        } else {
            conditions.add(condition(before, Conditions.MISCONFIGURED, "False", Conditions.REASON_SPEC_VALID,
                    "The spec is valid.", generation, now));
            conditions.add(condition(before, Conditions.SCHEDULED, "True", Conditions.REASON_SCHEDULED,
                    "Decision written for generation " + generation + ".", generation, now));
            conditions.add(satisfied(outcome, before, generation, now, access));
            if (outcome.resourceFit() != null) {
                conditions.add(condition(before, Conditions.RESOURCES_FIT, outcome.resourceFit().fits() ? "True" : "False",
                        outcome.resourceFit().fits() ? Conditions.REASON_RESOURCES_FIT : Conditions.REASON_OVERCOMMITTED,
                        outcome.resourceFit().message(), generation, now));
            }
        }
        if (access != null) {
            conditions.add(TenancyCondition.of(access, before, generation, now));
        }
        conditions.sort(Comparator.comparing(V1Condition::getType));
        return budget.fit(new PlacementStatus(generation, outcome.decisions().size(), outcome.decisions(), conditions,
                outcome.unselected(), outcome.unselectedCount(), groups(outcome.groups())));
    }

    private static List<DecisionGroupStatus> groups(List<DecisionGroup> groups) {
        return groups.stream().map(group -> new DecisionGroupStatus(group.index(), group.name(),
                group.decisions().size(), group.decisions().stream().map(Decision::clusterProfileRef).sorted().toList()))
                .toList();
    }

    private static V1Condition satisfied(PlacementOutcome outcome, List<V1Condition> before, Long generation,
                                         OffsetDateTime now, TenancyScope.Access access) {
        int selected = outcome.decisions().size();
        if (selected == 0 && access != null && !access.seesAnyCluster()) {
            return condition(before, Conditions.SATISFIED, "False", Conditions.REASON_NO_CLUSTER_MATCHED,
                    "No cluster is visible to namespace " + access.namespace() + "; see the "
                            + Conditions.CLUSTERSETS_BOUND + " condition.", generation, now);
        }
        if (selected == 0) {
            return condition(before, Conditions.SATISFIED, "False", Conditions.REASON_NO_CLUSTER_MATCHED,
                    "No cluster meets the placement's requirements; " + outcome.unselectedCount()
                            + " considered, see status.unselectedClusters.", generation, now);
        }
        if (outcome.type() != PlacementType.PickAll && selected < outcome.requested()) {
            return condition(before, Conditions.SATISFIED, "False", Conditions.REASON_NOT_ENOUGH_CLUSTERS,
                    "Selected " + selected + " of " + outcome.requested() + " requested clusters.", generation, now);
        }
        return condition(before, Conditions.SATISFIED, "True", Conditions.REASON_ALL_DECISIONS_SCHEDULED,
                "Selected " + selected + (outcome.type() == PlacementType.PickAll ? " matching" : " of "
                        + outcome.requested() + " requested") + " clusters.", generation, now);
    }

    static V1Condition condition(List<V1Condition> before, String type, String status, String reason, String message,
                                 Long generation, OffsetDateTime now) {
        V1Condition previous = before.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
        OffsetDateTime since = previous != null && Objects.equals(previous.getStatus(), status)
                && previous.getLastTransitionTime() != null ? previous.getLastTransitionTime() : now;
        return new V1Condition()
                .type(type)
                .status(status)
                .reason(reason)
                .message(message)
                .observedGeneration(generation)
                .lastTransitionTime(since);
    }
}
