package io.meridian.scheduler.scheduling;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.ResourceRequests;
import io.meridian.scheduler.placement.Wording;
import io.meridian.scheduler.solver.ClusterResources;
import io.meridian.scheduler.solver.ResourceStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resource accounting of one pass. PickAll and PickFixed placements cannot move, so they are
 * accounted first, as fixed usage on every cluster they select; the solver fits the PickN ones
 * into what is left. Afterwards every decision of a placement with requests gets its utilisation,
 * and every such placement whether its requests fit: a PickAll or PickFixed one that overcommits a
 * cluster is reported, not hidden.
 *
 * <p>PickAll and PickFixed decisions show what the PickAll and PickFixed placements take of each
 * cluster, so they read the same whether written before or after the PickN ones are solved;
 * PickN decisions show every placement.
 */
final class ResourceAccounting {

    /** Clusters named in a condition message; the rest are counted. */
    private static final int MAX_NAMED = 5;

    private final ResourceStrategy strategy;
    private final Map<Integer, ClusterResources> clusters = new HashMap<>();

    ResourceAccounting(ResourceStrategy strategy) {
        this.strategy = strategy;
    }

    private ClusterResources of(ClusterFact fact) {
        return clusters.computeIfAbsent(fact.index(), index -> new ClusterResources(fact, strategy));
    }

    /** A PickAll or PickFixed placement takes its requests on every cluster it selects. */
    void addFixed(PlacementRequest request, List<Decision> selected, Fleet fleet) {
        if (request.resources().isEmpty()) {
            return;
        }
        for (Decision decision : selected) {
            fleet.find(decision.clusterProfileRef()).ifPresent(cluster ->
                    of(cluster).addFixed(request.resources(), request.currentDecision().contains(cluster.ref())));
        }
    }

    /** A PickAll or PickFixed outcome with its utilisation and fit, if its placement has requests. */
    PlacementOutcome annotate(PlacementOutcome outcome, PlacementRequest request, Fleet fleet) {
        return isAccounted(outcome, request) ? annotate(outcome, request.resources(), fleet, Map.of()) : outcome;
    }

    /**
     * PickN outcomes of placements with requests, with their utilisation and fit; the others are
     * left out. Every PickN outcome counts for the utilisation of the clusters it holds.
     *
     * @param requests null for a misconfigured placement
     */
    Map<String, PlacementOutcome> annotatePickN(Map<String, PlacementOutcome> outcomes,
                                                Map<String, PlacementRequest> requests, Fleet fleet) {
        Map<Integer, Map<String, Long>> pickN = new HashMap<>();
        outcomes.forEach((key, outcome) -> {
            PlacementRequest request = requests.get(key);
            if (isAccounted(outcome, request) && outcome.type() == PlacementType.PickN) {
                for (Decision decision : outcome.decisions()) {
                    fleet.find(decision.clusterProfileRef()).ifPresent(fact -> usage(request, fact)
                            .forEach((resource, units) -> pickN.computeIfAbsent(fact.index(), i -> new HashMap<>())
                                    .merge(resource, units, Long::sum)));
                }
            }
        });
        Map<String, PlacementOutcome> annotated = new LinkedHashMap<>();
        outcomes.forEach((key, outcome) -> {
            PlacementRequest request = requests.get(key);
            if (isAccounted(outcome, request) && outcome.type() == PlacementType.PickN) {
                annotated.put(key, annotate(outcome, request.resources(), fleet, pickN));
            }
        });
        return annotated;
    }

    private static boolean isAccounted(PlacementOutcome outcome, PlacementRequest request) {
        return outcome != null && !outcome.isMisconfigured() && request != null && !request.resources().isEmpty();
    }

    private Map<String, Long> usage(PlacementRequest request, ClusterFact fact) {
        boolean here = request.currentDecision().contains(fact.ref());
        Map<String, Long> usage = new HashMap<>();
        request.resources().units().forEach((resource, units) -> {
            if (of(fact).counts(resource, here)) {
                usage.put(resource, units);
            }
        });
        return usage;
    }

    private PlacementOutcome annotate(PlacementOutcome outcome, ResourceRequests requests, Fleet fleet,
                                      Map<Integer, Map<String, Long>> solved) {
        List<Decision> decisions = new ArrayList<>(outcome.decisions().size());
        Map<ClusterProfileRef, List<String>> overcommitted = new TreeMap<>();
        for (Decision decision : outcome.decisions()) {
            ClusterFact fact = fleet.find(decision.clusterProfileRef()).orElse(null);
            if (fact == null) {
                decisions.add(decision);
                continue;
            }
            ClusterResources cluster = of(fact);
            Map<String, Long> used = solved.getOrDefault(fact.index(), Map.of());
            Map<String, String> utilization = new TreeMap<>();
            for (String resource : requests.units().keySet()) {
                long units = used.getOrDefault(resource, 0L);
                utilization.put(resource, cluster.utilization(resource, units));
                if (!cluster.isKnown(resource)) {
                    overcommitted.computeIfAbsent(fact.ref(), ref -> new ArrayList<>())
                            .add(cluster.capacity(resource).problem());
                } else if (cluster.left(resource, units) < 0) {
                    overcommitted.computeIfAbsent(fact.ref(), ref -> new ArrayList<>())
                            .add(resource + " " + cluster.utilization(resource, units));
                }
            }
            decisions.add(decision.withUtilization(utilization));
        }
        return outcome.withResources(decisions, fit(requests, overcommitted));
    }

    private static ResourceFit fit(ResourceRequests requests, Map<ClusterProfileRef, List<String>> overcommitted) {
        if (overcommitted.isEmpty()) {
            return new ResourceFit(true, "Every selected cluster has room for " + requests.describe() + ".");
        }
        List<String> named = overcommitted.entrySet().stream().limit(MAX_NAMED)
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")").toList();
        String more = overcommitted.size() > MAX_NAMED ? " and " + (overcommitted.size() - MAX_NAMED) + " more" : "";
        return new ResourceFit(false, Wording.truncate("Requests of " + requests.describe() + " overcommit "
                + overcommitted.size() + " selected cluster" + (overcommitted.size() == 1 ? "" : "s") + ": "
                + String.join("; ", named) + more + ".", 1_024));
    }
}
