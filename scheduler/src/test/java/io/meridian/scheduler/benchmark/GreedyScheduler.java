package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.placement.ValidationResult;
import io.meridian.scheduler.solver.Cluster;
import io.meridian.scheduler.solver.PlacementFact;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The baseline the solver is measured against: each placement on its own, filter, score by
 * preference, sort, take N. Same filter and preference scores as the solver, but no shared view
 * of load, no topology spread and no memory of the previous decision.
 */
final class GreedyScheduler {

    private final PlacementValidator validator = new PlacementValidator(null);
    private final ClusterFilter filter = new ClusterFilter();

    Map<String, List<ClusterProfileRef>> schedule(Fleet fleet, Collection<Placement> placements, Instant now) {
        Map<String, List<ClusterProfileRef>> decisions = new LinkedHashMap<>();
        placements.stream().sorted(Comparator.comparing(Placement::key)).forEach(placement -> {
            ValidationResult validation = validator.validate(placement);
            PlacementRequest request = validation.request();
            Eligibility eligibility = filter.filter(request, fleet, now);
            List<Cluster> eligible = eligibility.eligible().stream().map(fact -> new Cluster(fact, 0)).toList();
            if (request.type() != PlacementType.PickN) {
                decisions.put(request.key(), eligible.stream().map(c -> c.fact().ref()).sorted().toList());
                return;
            }
            PlacementFact scored = new PlacementFact(request, eligibility, eligible, Set.of());
            Map<Cluster, Long> score = new java.util.IdentityHashMap<>();
            eligible.forEach(c -> score.put(c, scored.preferenceScore(c)));
            decisions.put(request.key(), eligible.stream()
                    .sorted(Comparator.comparingLong((Cluster c) -> -score.get(c))
                            .thenComparing(c -> c.fact().ref()))
                    .limit(request.numberOfClusters())
                    .map(c -> c.fact().ref())
                    .sorted()
                    .toList());
        });
        return decisions;
    }
}
