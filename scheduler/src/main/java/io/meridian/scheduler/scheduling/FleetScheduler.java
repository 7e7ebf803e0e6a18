package io.meridian.scheduler.scheduling;

import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.ClusterChanges;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.DecisionGroup;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.scheduling.PlacementAdmission.Admitted;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules the fleet's placements, pass after pass. A pass schedules the placements a change can
 * affect ({@link SchedulingMemory}); every other placement keeps its outcome and weighs on the
 * clusters it holds as fixed load, so capacity and balance hold across the whole fleet. A full
 * pass schedules everything and checks that the placements left alone kept the right clusters.
 *
 * <p>A placement that breaks any step of its own is reported as misconfigured and keeps its
 * previous decision; the others are scheduled as if it were not there. No Kubernetes I/O: the same
 * input always gives the same decisions. One pass at a time.
 */
public final class FleetScheduler {

    private static final Logger log = LoggerFactory.getLogger(FleetScheduler.class);

    /**
     * New PickN placements solved together at most, when none requests resources. A chunk weighs
     * on the next as fixed load, which the solve treats exactly like placements already decided; so
     * a first pass over thousands of placements hands its first decisions over after a fraction of
     * the solve.
     */
    static final int CHUNK = 2000;

    private final PlacementAdmission admission;
    private final PickNSolver pickN;
    private final SchedulingMemory memory = new SchedulingMemory();
    private final FailureLog failures = new FailureLog();
    private final AtomicLong drifts = new AtomicLong();
    private final SchedulingOptions options;
    private final int chunkSize;

    public FleetScheduler(SchedulingOptions options) {
        this(options, new ClusterFilter(), CHUNK);
    }

    FleetScheduler(SchedulingOptions options, ClusterFilter filter) {
        this(options, filter, CHUNK);
    }

    /** @param chunkSize new PickN placements solved together at most; see {@link #CHUNK} */
    FleetScheduler(SchedulingOptions options, int chunkSize) {
        this(options, new ClusterFilter(), chunkSize);
    }

    private FleetScheduler(SchedulingOptions options, ClusterFilter filter, int chunkSize) {
        this.chunkSize = chunkSize;
        this.options = options;
        this.admission = new PlacementAdmission(options, filter);
        this.pickN = new PickNSolver(options);
    }

    public Map<String, PlacementOutcome> schedule(Fleet fleet, Collection<Placement> placements, Instant now) {
        return schedule(fleet, TenancyScope.open(fleet), placements, now);
    }

    /** Each placement is scheduled over the clusters its namespace may see, and keeps no other. */
    public Map<String, PlacementOutcome> schedule(Fleet fleet, TenancyScope scope, Collection<Placement> placements,
                                                  Instant now) {
        return begin(fleet, scope, placements, now, false).finish();
    }

    /**
     * Starts a pass. Its PickAll and PickFixed placements can be had first ({@link Pass#selectAll}),
     * to be written while the PickN placements are solved ({@link Pass#finish}).
     *
     * @param full schedule every placement, not only the ones a change can affect
     */
    public Pass begin(Fleet fleet, TenancyScope scope, Collection<Placement> placements, Instant now, boolean full) {
        return new Pass(fleet, scope, placements, now, full);
    }

    /** Full passes that found a placement left alone on clusters a fresh schedule would change. */
    public long drifts() {
        return drifts.get();
    }

    /** One scheduling pass. */
    public final class Pass {

        private final Fleet fleet;
        private final TenancyScope scope;
        private final Instant now;
        private final List<Placement> placements;
        /** Their keys, in the same order: made once per pass, not at every turn of every loop. */
        private final List<String> keys;
        /** The placements a change can affect; with a full pass, every placement is scheduled and these are trusted. */
        private final SchedulingMemory.Affected affected;
        private final Set<io.meridian.api.inventory.ClusterProfileRef> removed;
        private final Set<String> scheduled;
        private final Map<String, PlacementOutcome> outcomes = new LinkedHashMap<>();
        private final Map<String, Admitted> admitted = new HashMap<>();
        private final Map<String, Placement> byKey = new HashMap<>();
        private Map<String, PlacementOutcome> selectAll;
        /** PickAll and PickFixed placements' requests on each cluster, which every decision's utilisation counts. */
        private ResourceAccounting accounting;

        private Pass(Fleet fleet, TenancyScope scope, Collection<Placement> placements, Instant now, boolean full) {
            this.fleet = fleet;
            this.scope = scope;
            this.now = now;
            Map<String, Placement> sorted = new TreeMap<>(); // each key made once, not at every comparison
            scope.withVisibleDecisions(placements).forEach(placement -> sorted.put(placement.key(), placement));
            this.placements = List.copyOf(sorted.values());
            this.keys = List.copyOf(sorted.keySet());
            byKey.putAll(sorted);
            ClusterChanges changes = admission.beginPass(fleet);
            this.removed = changes.removed();
            this.affected = memory.affected(keys, this.placements, changes, now);
            this.scheduled = full ? byKey.keySet() : affected.all();
        }

        /** The placements this pass schedules; the others keep their outcomes. */
        public Set<String> scheduled() {
            return scheduled;
        }

        /**
         * Admits the placements this pass schedules and decides the PickAll and PickFixed ones,
         * which take no part in the solve.
         *
         * @return their outcomes, and those of misconfigured placements
         */
        public Map<String, PlacementOutcome> selectAll() {
            if (selectAll != null) {
                return selectAll;
            }
            selectAll = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                Placement placement = placements.get(i);
                String key = keys.get(i);
                outcomes.put(key, null); // keeps the sorted order
                if (!scheduled.contains(key)) {
                    continue;
                }
                try {
                    Admitted admittance = admission.admit(placement, fleet, scope, now);
                    if (admittance.isMisconfigured()) {
                        selectAll.put(key, misconfigured(placement, admittance.misconfiguration()));
                    } else if (admittance.request().type() != PlacementType.PickN) {
                        admitted.put(key, admittance);
                        selectAll.put(key, grouped(admittance, Selections.selectAll(admittance)));
                    } else {
                        admitted.put(key, admittance);
                    }
                } catch (RuntimeException e) {
                    selectAll.put(key, failed(placement, e));
                }
            }
            outcomes.putAll(selectAll); // their clusters, for the accounting; annotated below
            selectAll.replaceAll((key, outcome) -> keptOrFresh(key, requestsResources(admitted.get(key))
                    ? accounting().annotate(outcome, admitted.get(key).request(), fleet) : outcome));
            outcomes.putAll(selectAll);
            return selectAll;
        }

        /**
         * PickN outcomes with their clusters' utilisation, counting every placement on them: the
         * ones just decided and those this pass leaves alone.
         */
        private Map<String, PlacementOutcome> annotated(Map<String, PlacementOutcome> decided) {
            if (decided.keySet().stream().noneMatch(key -> requestsResources(admitted.get(key)))) {
                return decided; // only placements with requests show utilisation
            }
            Map<String, PlacementOutcome> all = new LinkedHashMap<>();
            Map<String, PlacementRequest> requests = new HashMap<>();
            for (String key : keys) {
                PlacementOutcome outcome = decided.containsKey(key) ? decided.get(key) : outcome(key);
                all.put(key, outcome);
                requests.put(key, request(key));
            }
            Map<String, PlacementOutcome> annotated = accounting().annotatePickN(all, requests, fleet);
            Map<String, PlacementOutcome> result = new LinkedHashMap<>();
            decided.forEach((key, outcome) -> result.put(key, annotated.getOrDefault(key, outcome)));
            return result;
        }

        /** The requests of every PickAll and PickFixed placement, on the clusters it holds; counted once asked for. */
        private ResourceAccounting accounting() {
            if (accounting == null) {
                accounting = fixedRequests();
            }
            return accounting;
        }

        private static boolean requestsResources(Admitted admittance) {
            return admittance != null && !admittance.request().resources().isEmpty();
        }

        private ResourceAccounting fixedRequests() {
            ResourceAccounting fixed = new ResourceAccounting(options.resourceStrategy());
            for (String key : keys) {
                PlacementRequest request = request(key);
                if (holdsClusters(key) && request.type() != PlacementType.PickN) {
                    fixed.addFixed(request, outcome(key).decisions(), fleet);
                }
            }
            return fixed;
        }

        /** The placement's outcome as the pass stands: decided in it so far, or from the pass that last scheduled it. */
        private PlacementOutcome outcome(String key) {
            return scheduled.contains(key) ? outcomes.get(key) : memory.get(key).outcome();
        }

        /** The placement has a valid spec and an outcome that holds clusters: those count for load and requests. */
        private boolean holdsClusters(String key) {
            PlacementOutcome outcome = outcome(key);
            return outcome != null && !outcome.isMisconfigured() && request(key) != null;
        }

        /** The placement's validated spec, from this pass or the one that last scheduled it; null if misconfigured. */
        private PlacementRequest request(String key) {
            if (scheduled.contains(key)) {
                Admitted admittance = admitted.get(key);
                return admittance == null ? null : admittance.request();
            }
            return memory.get(key).request();
        }

        /** Solves and explains the PickN placements: the outcome of every placement, in key order. */
        public Map<String, PlacementOutcome> finish() {
            return finish(decided -> {
            });
        }

        /**
         * Solves and explains the PickN placements; more than {@link #CHUNK} placements with no
         * clusters yet are solved in chunks ({@link #chunks}) when none of the placements requests
         * resources. Each chunk is solved with the clusters the chunks before it took as fixed
         * load, and handed over as soon as it is decided, so its statuses can be written while the
         * next chunk is solved. Placements that request resources are solved all together, since
         * packing them well needs the whole picture.
         *
         * @param decided told each chunk's outcomes (final, as returned) once it is decided
         * @return the outcome of every placement, in key order
         */
        public Map<String, PlacementOutcome> finish(Consumer<Map<String, PlacementOutcome>> decided) {
            selectAll();
            FixedLoad fixed = fixedLoad();
            List<Admitted> toSolve = keys.stream().map(admitted::get)
                    .filter(a -> a != null && a.request().type() == PlacementType.PickN).toList();
            Set<String> settled = new HashSet<>();
            Set<String> settledOnceGiven = new HashSet<>();
            for (List<Admitted> chunk : chunks(toSolve)) {
                PickNSolver.Result solved = pickN.solve(fleet, fixed, chunk, this::stands);
                Map<String, PlacementOutcome> chunkOutcomes = new LinkedHashMap<>();
                solved.failures().forEach((key, e) -> chunkOutcomes.put(key, failed(byKey.get(key), e)));
                solved.standing().forEach(key -> chunkOutcomes.put(key, memory.get(key).outcome()));
                annotated(solved.outcomes()).forEach((key, outcome) ->
                        chunkOutcomes.put(key, keptOrFresh(key, groupedOrFailed(key, outcome))));
                outcomes.putAll(chunkOutcomes);
                chunk.forEach(admittance -> {
                    PlacementOutcome outcome = outcomes.get(admittance.request().key());
                    if (outcome != null && !outcome.isMisconfigured()) {
                        fixed.add(outcome.decisions(), admittance.request()); // the next chunk sees them as load
                    }
                });
                settled.addAll(solved.settled());
                settledOnceGiven.addAll(solved.settledOnceGiven());
                decided.accept(chunkOutcomes);
            }
            keys.stream().filter(key -> !scheduled.contains(key))
                    .forEach(key -> outcomes.put(key, memory.get(key).outcome()));
            remember(settled, settledOnceGiven);
            return outcomes;
        }

        /**
         * Placements that hold clusters, settled or not, are solved first and together, so that
         * every settled one weighs as load on every chunk; placements with no clusters yet follow in
         * chunks by key, as if they had arrived one chunk after the other.
         */
        private List<List<Admitted>> chunks(List<Admitted> toSolve) {
            List<Admitted> fresh = toSolve.stream().filter(a -> a.request().currentDecision().isEmpty()).toList();
            if (fresh.size() <= chunkSize || toSolve.stream().anyMatch(Pass::requestsResources)) {
                return List.of(toSolve);
            }
            Set<String> later = new HashSet<>();
            fresh.subList(chunkSize, fresh.size()).forEach(a -> later.add(a.request().key()));
            List<List<Admitted>> chunks = new ArrayList<>();
            chunks.add(toSolve.stream().filter(a -> !later.contains(a.request().key())).toList());
            for (int from = chunkSize; from < fresh.size(); from += chunkSize) {
                chunks.add(fresh.subList(from, Math.min(fresh.size(), from + chunkSize)));
            }
            return chunks;
        }

        /** Clusters held by placements this pass leaves alone, and by the PickAll and PickFixed it just decided. */
        private FixedLoad fixedLoad() {
            FixedLoad fixed = new FixedLoad(fleet, options.resourceStrategy());
            for (String key : keys) {
                if (holdsClusters(key)) { // PickN placements this pass schedules have no outcome yet
                    fixed.add(outcome(key).decisions(), request(key));
                }
            }
            return fixed;
        }

        /**
         * What {@link #keptOrFresh} would conclude without explaining the placement again: it is
         * settled on the clusters it was last given, it is scheduled only because clusters changed
         * (or because the pass is full), its toleration deadline is the same, it has no requests
         * whose fit could change, and no cluster its status names has left.
         */
        private boolean stands(Admitted admittance) {
            String key = admittance.request().key();
            SchedulingMemory.Entry entry = memory.get(key);
            return entry != null && (affected.fleetOnly().contains(key) || !affected.all().contains(key))
                    && !requestsResources(admittance)
                    && entry.selected().equals(admittance.request().currentDecision())
                    && Objects.equals(entry.outcome().nextReview(), admittance.eligibility().nextExpiry())
                    && !entry.mentionsAny(removed);
        }

        /**
         * A placement scheduled only because clusters changed, or only because the pass is full,
         * keeps its outcome from memory unless its standing changes (clusters, toleration deadline,
         * whether its requests fit); a full pass that moves a placement no change could have moved
         * says so.
         */
        private PlacementOutcome keptOrFresh(String key, PlacementOutcome fresh) {
            SchedulingMemory.Entry entry = memory.get(key);
            if (entry == null || fresh == null || affected.all().contains(key) && !affected.fleetOnly().contains(key)) {
                return fresh;
            }
            if (sameStanding(fresh, entry.outcome()) && !entry.mentionsAny(removed)) {
                return entry.outcome();
            }
            if (!affected.all().contains(key) && !clusters(fresh).equals(clusters(entry.outcome()))) {
                drifts.incrementAndGet();
                log.warn("{}: a full pass moves it from {} to {}, though no change since its last pass could",
                        key, clusters(entry.outcome()), clusters(fresh));
            }
            return fresh;
        }

        private void remember(Set<String> settled, Set<String> settledOnceGiven) {
            for (String key : scheduled) {
                Placement placement = byKey.get(key);
                SchedulingMemory.Entry entry = memory.get(key);
                if (entry != null && outcomes.get(key) == entry.outcome()) {
                    continue;
                }
                Admitted admittance = admitted.get(key);
                boolean selectsAll = admittance != null && admittance.request().type() != PlacementType.PickN;
                memory.remember(placement, admittance == null ? null : admittance.request(),
                        admittance == null ? null : admittance.eligibility(), outcomes.get(key),
                        selectsAll || admittance != null && settled.contains(key),
                        selectsAll || admittance != null && settledOnceGiven.contains(key));
            }
            memory.retain(byKey.keySet());
            admission.endPass(byKey.keySet());
            failures.endPass();
        }

        private PlacementOutcome groupedOrFailed(String key, PlacementOutcome outcome) {
            try {
                return grouped(admitted.get(key), outcome);
            } catch (RuntimeException e) {
                return failed(byKey.get(key), e);
            }
        }

        private PlacementOutcome grouped(Admitted admittance, PlacementOutcome outcome) {
            return outcome.withGroups(admittance.request().grouping().group(outcome.decisions(), fleet));
        }
    }

    /**
     * Nothing a user acts on differs: the same clusters, the same time a toleration runs out, and
     * whether the requests fit. Scores, reasons and utilisation may.
     */
    private static boolean sameStanding(PlacementOutcome fresh, PlacementOutcome kept) {
        return clusters(fresh).equals(clusters(kept)) && Objects.equals(fresh.nextReview(), kept.nextReview())
                && fits(fresh) == fits(kept);
    }

    private static boolean fits(PlacementOutcome outcome) {
        return outcome.resourceFit() == null || outcome.resourceFit().fits();
    }

    private static Set<Object> clusters(PlacementOutcome outcome) {
        return outcome.decisions().stream().map(Decision::clusterProfileRef).collect(Collectors.toSet());
    }

    /**
     * Something about this one placement broke admitting, solving or explaining it: it is reported
     * as misconfigured with what went wrong and keeps its previous decision, while every other
     * placement is scheduled as usual.
     */
    private PlacementOutcome failed(Placement placement, RuntimeException e) {
        String message = "cannot be scheduled: " + e;
        failures.report(placement.key(), message, e);
        return misconfigured(placement, message);
    }

    private static PlacementOutcome misconfigured(Placement placement, String message) {
        PlacementStatus previous = placement.status();
        List<Decision> kept = previous == null || previous.decisions() == null ? List.of() : previous.decisions();
        return new PlacementOutcome(placement.key(), null, 0, kept, List.of(), 0, message, null,
                DecisionGroup.previous(previous, kept));
    }

    /** Logs a placement's failure once, not on every pass it persists. */
    private static final class FailureLog {

        private Set<String> reported = new HashSet<>();
        private Set<String> current = new HashSet<>();

        void report(String key, String message, RuntimeException e) {
            String failure = key + " " + message;
            if (current.add(failure) && !reported.contains(failure)) {
                log.warn("{}: {}", key, message, e);
            }
        }

        void endPass() {
            reported = current;
            current = new HashSet<>();
        }
    }
}
