package io.meridian.scheduler.scheduling;

import io.meridian.scheduler.solver.Cluster;
import io.meridian.scheduler.solver.ClusterAssignment;
import io.meridian.scheduler.solver.FleetSchedule;
import io.meridian.scheduler.solver.PlacementFact;
import io.meridian.scheduler.solver.SchedulingOptions;
import io.meridian.scheduler.solver.SolverConfigs;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.DecisionGroup;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.placement.PredicateMemo;
import io.meridian.scheduler.placement.SpecMisconfiguredException;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.placement.ValidationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.solver.SolutionManager;
import org.optaplanner.core.api.solver.SolverFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules every placement of the fleet in one pass: validate, filter, then solve all PickN
 * placements together (they share capacity and load), and explain the result per cluster. A
 * placement that breaks any step of its own is reported as misconfigured and keeps its previous
 * decision; the others are scheduled as if it were not there.
 * No Kubernetes I/O, and the same input always gives the same outcome; what it remembers between
 * passes (which clusters matched which predicates) only saves work. One pass at a time.
 */
public final class FleetScheduler {

    private static final Logger log = LoggerFactory.getLogger(FleetScheduler.class);

    private final PlacementValidator validator;
    private final ClusterFilter filter;
    private final PredicateMemo predicateMemo = new PredicateMemo();
    private final SchedulingOptions options;
    private final SolutionManager<FleetSchedule, BendableLongScore> solutionManager;

    /** Placement key and failure logged in the last pass, so that a broken placement is logged once, not every pass. */
    private Set<String> reportedFailures = new HashSet<>();
    private Set<String> failures = new HashSet<>();

    public FleetScheduler(SchedulingOptions options) {
        this(options, new ClusterFilter());
    }

    FleetScheduler(SchedulingOptions options, ClusterFilter filter) {
        this.validator = new PlacementValidator(options.defaultUnhealthyToleration());
        this.filter = filter;
        this.options = options;
        this.solutionManager = SolutionManager.create(SolverFactory.create(SolverConfigs.fleetSchedule(options)));
    }

    public Map<String, PlacementOutcome> schedule(Fleet fleet, Collection<Placement> placements, Instant now) {
        return schedule(fleet, TenancyScope.open(fleet), placements, now);
    }

    /** Each placement is scheduled over the clusters its namespace may see, and keeps no other. */
    public Map<String, PlacementOutcome> schedule(Fleet fleet, TenancyScope scope, Collection<Placement> placements,
                                                  Instant now) {
        List<Placement> sorted = scope.withVisibleDecisions(placements).stream()
                .sorted(Comparator.comparing(Placement::key)).toList();
        Map<String, PlacementOutcome> outcomes = new LinkedHashMap<>();
        Map<String, PlacementRequest> pickN = new LinkedHashMap<>();
        Map<String, PlacementRequest> requests = new LinkedHashMap<>();
        Map<String, Eligibility> eligibilities = new LinkedHashMap<>();
        int[] fixedLoad = new int[fleet.size()];
        predicateMemo.beginPass(fleet);

        for (Placement placement : sorted) {
            try {
                ValidationResult validation = validator.validate(placement);
                if (!validation.isValid()) {
                    outcomes.put(placement.key(), misconfigured(placement, validation.message()));
                    continue;
                }
                PlacementRequest request = validation.request();
                Eligibility eligibility;
                try {
                    BitSet matches = request.isFixed() ? null
                            : predicateMemo.matches(request.key(), specVersion(placement), request, fleet);
                    eligibility = filter.filter(request, scope.fleetFor(request.namespace()), now, matches);
                } catch (SpecMisconfiguredException misconfiguration) {
                    outcomes.put(placement.key(), misconfigured(placement, misconfiguration.getMessage()));
                    continue;
                }
                requests.put(request.key(), request);
                eligibilities.put(request.key(), eligibility);
                if (request.type() == PlacementType.PickN) {
                    pickN.put(request.key(), request);
                    outcomes.put(request.key(), null); // keeps the sorted order; filled after solving
                } else {
                    PlacementOutcome outcome = selectAll(request, eligibility);
                    eligibility.eligible().forEach(cluster -> fixedLoad[cluster.index()]++);
                    outcomes.put(request.key(), outcome);
                }
            } catch (RuntimeException e) {
                outcomes.put(placement.key(), failed(placement, e));
            }
        }
        predicateMemo.endPass();
        Map<String, Placement> byKey = sorted.stream().collect(Collectors.toMap(Placement::key, p -> p, (a, b) -> a));
        if (!pickN.isEmpty()) {
            outcomes.putAll(solve(fleet, pickN, eligibilities, fixedLoad, byKey));
        }
        outcomes.replaceAll((key, outcome) -> {
            if (outcome.isMisconfigured()) {
                return outcome;
            }
            try {
                return outcome.withGroups(requests.get(key).grouping().group(outcome.decisions(), fleet));
            } catch (RuntimeException e) {
                return failed(byKey.get(key), e);
            }
        });
        reportedFailures = failures;
        failures = new HashSet<>();
        return outcomes;
    }

    /**
     * Something about this one placement broke validation, filtering or explaining its result: it
     * is reported as misconfigured with what went wrong and keeps its previous decision, while
     * every other placement is scheduled as usual.
     */
    private PlacementOutcome failed(Placement placement, RuntimeException e) {
        String message = "cannot be scheduled: " + e;
        String failure = placement.key() + " " + message;
        if (failures.add(failure) && !reportedFailures.contains(failure)) {
            log.warn("{}: {}", placement.key(), message, e);
        }
        return misconfigured(placement, message);
    }

    /** The spec's identity for the predicate memo: uid and generation, or null when either is unknown. */
    private static String specVersion(Placement placement) {
        String uid = placement.metadata().getUid();
        Long generation = placement.metadata().getGeneration();
        return uid == null || generation == null ? null : uid + "/" + generation;
    }

    private static PlacementOutcome misconfigured(Placement placement, String message) {
        PlacementStatus previous = placement.status();
        List<Decision> kept = previous == null || previous.decisions() == null ? List.of() : previous.decisions();
        return new PlacementOutcome(placement.key(), null, 0, kept, List.of(), 0, message, null,
                DecisionGroup.previous(previous, kept));
    }

    private static PlacementOutcome selectAll(PlacementRequest request, Eligibility eligibility) {
        String reason = request.type() == PlacementType.PickFixed ? "named in clusterNames" : "matches the placement";
        List<Decision> decisions = eligibility.eligible().stream()
                .map(cluster -> new Decision(cluster.ref(), 0L, reason))
                .toList();
        int requested = request.type() == PlacementType.PickFixed ? request.fixedClusters().size() : decisions.size();
        return new PlacementOutcome(request.key(), request.type(), requested, decisions, unselected(eligibility.rejected()),
                eligibility.rejectedCount(), null, eligibility.nextExpiry());
    }

    private Map<String, PlacementOutcome> solve(Fleet fleet, Map<String, PlacementRequest> requests,
                                                Map<String, Eligibility> eligibilities, int[] fixedLoad,
                                                Map<String, Placement> placements) {
        Map<String, PlacementOutcome> outcomes = new LinkedHashMap<>();
        List<Cluster> clusters = new ArrayList<>(fleet.size());
        for (ClusterFact fact : fleet.clusters()) {
            clusters.add(new Cluster(fact, fixedLoad[fact.index()]));
        }
        List<PlacementFact> facts = new ArrayList<>();
        List<ClusterAssignment> assignments = new ArrayList<>();
        long searchSpace = 0;
        for (PlacementRequest request : requests.values()) {
            try {
                Eligibility eligibility = eligibilities.get(request.key());
                List<Cluster> eligible = eligibility.eligible().stream().map(f -> clusters.get(f.index())).toList();
                Set<Integer> current = new HashSet<>();
                request.currentDecision().forEach(ref -> fleet.find(ref).ifPresent(f -> current.add(f.index())));
                PlacementFact fact = new PlacementFact(request, eligibility, eligible, current);
                boolean settled = isSettled(fact, current.size());
                if (settled) {
                    fact.settle();
                }
                List<ClusterAssignment> slots = warmStart(fact, settled);
                facts.add(fact);
                assignments.addAll(slots);
                if (!settled) {
                    searchSpace += (long) fact.slots() * fact.candidateClusters().size();
                }
            } catch (RuntimeException e) {
                outcomes.put(request.key(), failed(placements.get(request.key()), e));
            }
        }
        FleetSchedule problem = new FleetSchedule(clusters, facts, assignments);
        // Settled placements keep their clusters and still weigh on load and capacity; only the
        // rest is solved, so one changed cluster costs a solve of the placements it touches.
        FleetSchedule solved = searchSpace == 0 ? problem
                : SolverFactory.<FleetSchedule>create(SolverConfigs.fleetSchedule(options, searchSpace)).buildSolver()
                        .solve(problem);
        DecisionExplainer explainer = new DecisionExplainer(solutionManager.explain(solved));

        Map<PlacementFact, List<ClusterAssignment>> byPlacement = solved.getAssignments().stream()
                .collect(Collectors.groupingBy(ClusterAssignment::getPlacement, LinkedHashMap::new, Collectors.toList()));
        for (PlacementFact fact : solved.getPlacements()) {
            try {
                outcomes.put(fact.key(), outcome(explainer.explain(fact, byPlacement.getOrDefault(fact, List.of())),
                        fact, eligibilities.get(fact.key())));
            } catch (RuntimeException e) {
                outcomes.put(fact.key(), failed(placements.get(fact.key()), e));
            }
        }
        return outcomes;
    }

    /**
     * A settled placement keeps its clusters without search: it is Steady and decided for its
     * present spec, every current cluster is still eligible, every slot is filled, and its
     * required topology spread still holds (a new domain may break it).
     */
    private static boolean isSettled(PlacementFact fact, int currentFound) {
        if (!fact.isSteady() || currentFound != fact.slots()
                || currentFound != fact.request().currentDecision().size()) {
            return false;
        }
        List<Cluster> kept = fact.eligibleClusters().stream().filter(fact::isCurrent).toList();
        return kept.size() == currentFound && fact.requiredSpreadExcess(kept) == 0;
    }

    /**
     * A Steady placement's current clusters that are still eligible start in their slots, and the
     * solver fills the rest; a settled placement is pinned there. Any other placement starts empty,
     * to be decided afresh.
     */
    private static List<ClusterAssignment> warmStart(PlacementFact fact, boolean settled) {
        List<Cluster> kept = !fact.isSteady() ? List.of()
                : fact.eligibleClusters().stream().filter(fact::isCurrent).limit(fact.slots()).toList();
        List<ClusterAssignment> slots = new ArrayList<>(fact.slots());
        for (int slot = 0; slot < fact.slots(); slot++) {
            slots.add(new ClusterAssignment(fact, slot, slot < kept.size() ? kept.get(slot) : null, settled));
        }
        return slots;
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
                decisions, unselected(notChosen), unselectedCount, null, eligibility.nextExpiry());
    }

    private static List<UnselectedCluster> unselected(Map<ClusterProfileRef, String> reasons) {
        return new TreeMap<>(reasons).entrySet().stream()
                .limit(PlacementStatus.MAX_UNSELECTED)
                .map(entry -> new UnselectedCluster(entry.getKey(), entry.getValue()))
                .toList();
    }
}
