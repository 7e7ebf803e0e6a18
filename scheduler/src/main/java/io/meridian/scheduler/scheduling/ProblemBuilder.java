package io.meridian.scheduler.scheduling;

import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.scheduling.PlacementAdmission.Admitted;
import io.meridian.scheduler.solver.Cluster;
import io.meridian.scheduler.solver.ClusterAssignment;
import io.meridian.scheduler.solver.FleetSchedule;
import io.meridian.scheduler.solver.PlacementFact;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns admitted PickN placements into the planning problem. A settled placement keeps its clusters
 * without search: it is Steady and decided for its present spec, every current cluster is still
 * eligible, every slot is filled, and its required topology spread still holds. Settled placements
 * are fixed load while the others are solved, then brought in beside them to be explained; so the
 * solve is the same whichever settled placements a pass happens to schedule.
 */
final class ProblemBuilder {

    /** The PickN placements of a pass, by key order. */
    static final class Problem {

        private final List<Cluster> clusters;
        private final List<PlacementFact> facts = new ArrayList<>();
        private final List<PlacementFact> settled = new ArrayList<>();
        private final List<PlacementFact> unsettled = new ArrayList<>();
        /** Settled placements whose remembered outcome stands: fixed load throughout, not explained again. */
        private final Set<PlacementFact> standing = new HashSet<>();
        private final Map<String, RuntimeException> failures = new LinkedHashMap<>();

        private Problem(List<Cluster> clusters) {
            this.clusters = clusters;
        }

        List<PlacementFact> facts() {
            return facts;
        }

        /** The placements to explain: all but those whose remembered outcome stands. */
        List<PlacementFact> toExplainFacts() {
            return standing.isEmpty() ? facts : facts.stream().filter(fact -> !standing.contains(fact)).toList();
        }

        /** Settled placements for which nothing need be explained: they stay fixed load when the others are explained. */
        void keepStanding(Predicate<PlacementFact> stands) {
            settled.stream().filter(stands).forEach(standing::add);
        }

        Set<String> standingKeys() {
            Set<String> keys = new HashSet<>();
            standing.forEach(fact -> keys.add(fact.key()));
            return keys;
        }

        Map<String, RuntimeException> failures() {
            return failures;
        }

        Set<String> settledKeys() {
            Set<String> keys = new HashSet<>();
            settled.forEach(fact -> keys.add(fact.key()));
            return keys;
        }

        /** The slots the solve decides: those of the unsettled placements. */
        long slots() {
            return unsettled.stream().mapToLong(PlacementFact::slots).sum();
        }

        /** The search space of the solve: slots times candidates of the unsettled placements. */
        long searchSpace() {
            return unsettled.stream().mapToLong(fact -> (long) fact.slots() * fact.candidateClusters().size()).sum();
        }

        /** The unsettled placements with their slots, warm-started; the settled ones are fixed load. */
        FleetSchedule toSolve() {
            settled.forEach(fact -> kept(fact).forEach(cluster -> cluster.fix(fact.balanceWeight(), fact.request().resources())));
            List<ClusterAssignment> assignments = new ArrayList<>();
            unsettled.forEach(fact -> assignments.addAll(warmStart(fact, false)));
            return new FleetSchedule(clusters, unsettled, assignments);
        }

        /**
         * The solved placements beside the settled ones, pinned to their clusters, to be explained
         * together; standing placements stay fixed load.
         */
        FleetSchedule toExplain(FleetSchedule solved) {
            settled.stream().filter(fact -> !standing.contains(fact)).forEach(fact ->
                    kept(fact).forEach(cluster -> cluster.unfix(fact.balanceWeight(), fact.request().resources())));
            Map<PlacementFact, List<ClusterAssignment>> byFact = new LinkedHashMap<>();
            solved.getAssignments().forEach(a -> byFact.computeIfAbsent(a.getPlacement(), f -> new ArrayList<>()).add(a));
            List<PlacementFact> explained = toExplainFacts();
            List<ClusterAssignment> assignments = new ArrayList<>();
            for (PlacementFact fact : explained) {
                assignments.addAll(settled.contains(fact) ? warmStart(fact, true) : byFact.getOrDefault(fact, List.of()));
            }
            return new FleetSchedule(clusters, explained, assignments);
        }
    }

    private ProblemBuilder() {
    }

    static Problem build(Fleet fleet, FixedLoad fixed, List<Admitted> placements) {
        Problem problem = new Problem(fixed.clusters());
        for (Admitted admitted : placements) {
            PlacementRequest request = admitted.request();
            try {
                List<Cluster> eligible = admitted.eligibility().eligible().stream()
                        .map(f -> problem.clusters.get(f.index())).toList();
                Set<Integer> current = new HashSet<>();
                request.currentDecision().forEach(ref -> fleet.find(ref).ifPresent(f -> current.add(f.index())));
                PlacementFact fact = new PlacementFact(request, admitted.eligibility(), eligible, current);
                if (isSettled(fact, current.size())) {
                    fact.settle();
                    problem.settled.add(fact);
                } else {
                    problem.unsettled.add(fact);
                }
                problem.facts.add(fact);
            } catch (RuntimeException e) {
                problem.failures.put(request.key(), e);
            }
        }
        return problem;
    }

    private static boolean isSettled(PlacementFact fact, int currentFound) {
        if (!fact.isSteady() || currentFound != fact.request().currentDecision().size()) {
            return false;
        }
        List<Cluster> kept = kept(fact);
        return kept.size() == currentFound && holds(fact, kept);
    }

    /**
     * A Steady placement on these clusters keeps them: they fill every slot and keep its required
     * spread. Said of its current clusters, once it is decided for its spec, or of those it has just
     * been given ({@link PickNSolver}).
     */
    static boolean holds(PlacementFact fact, List<Cluster> clusters) {
        return clusters.size() == fact.slots() && fact.requiredSpreadExcess(clusters) == 0;
    }

    /** The placement's current clusters that are still eligible. */
    private static List<Cluster> kept(PlacementFact fact) {
        return fact.eligibleClusters().stream().filter(fact::isCurrent).toList();
    }

    /**
     * A Steady placement's current clusters that are still eligible start in their slots, and the
     * solver fills the rest; a settled placement is pinned there. Any other placement starts empty,
     * to be decided afresh.
     */
    private static List<ClusterAssignment> warmStart(PlacementFact fact, boolean pinned) {
        List<Cluster> kept = !fact.isSteady() ? List.of() : kept(fact).stream().limit(fact.slots()).toList();
        List<ClusterAssignment> slots = new ArrayList<>(fact.slots());
        for (int slot = 0; slot < fact.slots(); slot++) {
            slots.add(new ClusterAssignment(fact, slot, slot < kept.size() ? kept.get(slot) : null, pinned));
        }
        return slots;
    }
}
