package io.meridian.scheduler.scheduling;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.Stability;
import io.meridian.scheduler.scheduling.PlacementAdmission.Admitted;
import io.meridian.scheduler.solver.Cluster;
import io.meridian.scheduler.solver.ClusterAssignment;
import io.meridian.scheduler.solver.FleetSchedule;
import io.meridian.scheduler.solver.PlacementFact;
import io.meridian.scheduler.solver.SchedulingOptions;
import io.meridian.scheduler.solver.SolverConfigs;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.solver.SolutionManager;
import org.optaplanner.core.api.solver.SolverFactory;

/**
 * Decides PickN placements together, since they share capacity and load: builds the problem,
 * solves what is not settled, and explains every decision.
 */
final class PickNSolver {

    /**
     * @param outcomes by key, in the order given
     * @param failures placements whose facts could not be built or whose decision could not be explained
     * @param settled  placements kept on their clusters without search
     * @param settledOnceGiven placements that will be settled once given the decision just made for
     *                 them: Steady, every slot filled, required spread kept
     * @param standing settled placements whose remembered outcome stands: not explained, no outcome here
     */
    record Result(Map<String, PlacementOutcome> outcomes, Map<String, RuntimeException> failures, Set<String> settled,
                  Set<String> settledOnceGiven, Set<String> standing) {
    }

    private final SchedulingOptions options;
    private final SolutionManager<FleetSchedule, BendableLongScore> solutionManager;

    PickNSolver(SchedulingOptions options) {
        this.options = options;
        this.solutionManager = SolutionManager.create(SolverFactory.create(SolverConfigs.fleetSchedule(options)));
    }

    /**
     * @param stands whether a settled placement's remembered outcome stands, so that it need not be
     *               explained again (it weighs as fixed load instead)
     */
    Result solve(Fleet fleet, FixedLoad fixed, List<Admitted> placements, Predicate<Admitted> stands) {
        if (placements.isEmpty()) {
            return new Result(Map.of(), Map.of(), Set.of(), Set.of(), Set.of());
        }
        ProblemBuilder.Problem problem = ProblemBuilder.build(fleet, fixed, placements);
        Map<String, Admitted> byKey = new HashMap<>();
        placements.forEach(a -> byKey.put(a.request().key(), a));
        problem.keepStanding(fact -> stands.test(byKey.get(fact.key())));
        // Settled placements are fixed first: shortlists prefer clusters with room, counting them.
        FleetSchedule toSolve = problem.toSolve();
        long searchSpace = problem.searchSpace();
        FleetSchedule solved = searchSpace == 0 ? toSolve
                : SolverFactory.<FleetSchedule>create(SolverConfigs.fleetSchedule(options, searchSpace, problem.slots())).buildSolver()
                        .solve(toSolve);
        FleetSchedule decided = problem.toExplain(solved);
        DecisionExplainer explainer = new DecisionExplainer(solutionManager.explain(decided));

        Map<PlacementFact, List<ClusterAssignment>> byPlacement = decided.getAssignments().stream()
                .collect(Collectors.groupingBy(ClusterAssignment::getPlacement, LinkedHashMap::new, Collectors.toList()));
        Map<String, PlacementOutcome> outcomes = new LinkedHashMap<>();
        Map<String, RuntimeException> failures = new LinkedHashMap<>(problem.failures());
        Set<String> settledOnceGiven = new HashSet<>(problem.settledKeys());
        for (PlacementFact fact : problem.toExplainFacts()) {
            try {
                DecisionExplainer.PlacementExplanation explained =
                        explainer.explain(fact, byPlacement.getOrDefault(fact, List.of()));
                outcomes.put(fact.key(), outcome(explained, fact, byKey.get(fact.key()).eligibility()));
                if (fact.request().scoring().stability() == Stability.STEADY
                        && ProblemBuilder.holds(fact, explained.selected())) {
                    settledOnceGiven.add(fact.key());
                }
            } catch (RuntimeException e) {
                failures.put(fact.key(), e);
            }
        }
        return new Result(outcomes, failures, problem.settledKeys(), settledOnceGiven, problem.standingKeys());
    }

    private static PlacementOutcome outcome(DecisionExplainer.PlacementExplanation explained, PlacementFact fact,
                                            Eligibility eligibility) {
        List<Decision> decisions = explained.selected().stream()
                .map(cluster -> new Decision(cluster.fact().ref(), explained.score(cluster),
                        explained.selectedReason(cluster)))
                .toList();
        Map<ClusterProfileRef, String> notChosen = new TreeMap<>(eligibility.rejected());
        int unselectedCount = eligibility.rejectedCount();
        for (Cluster cluster : fact.eligibleClusters()) {
            if (explained.isSelected(cluster)) {
                continue;
            }
            unselectedCount++;
            if (notChosen.size() < PlacementStatus.MAX_UNSELECTED) {
                notChosen.put(cluster.fact().ref(), explained.unselectedReason(cluster));
            }
        }
        return new PlacementOutcome(fact.key(), PlacementType.PickN, fact.request().numberOfClusters(),
                decisions, Selections.unselected(notChosen), unselectedCount, null, eligibility.nextExpiry());
    }
}
