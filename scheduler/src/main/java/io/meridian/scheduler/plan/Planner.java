package io.meridian.scheduler.plan;

import io.meridian.api.placement.Placement;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.decision.StatusBuilder;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.placement.TenancyOptions;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Runs one offline scheduling pass over manifests, exactly as the controller would, each Placement
 * seeing the clusters its namespace may see.
 */
public final class Planner {

    private final FactMapper factMapper;
    private final FleetScheduler scheduler;
    private final StatusBuilder statusBuilder = new StatusBuilder();
    private final DecisionSlicer slicer = new DecisionSlicer();

    private final TenancyOptions tenancy;

    public Planner(FleetOptions fleetOptions, SchedulingOptions schedulingOptions, TenancyOptions tenancy) {
        this.factMapper = new FactMapper(fleetOptions);
        this.scheduler = new FleetScheduler(schedulingOptions);
        this.tenancy = tenancy;
    }

    /**
     * Plans every Placement that is not being deleted, like the controller, sorted by key.
     *
     * @throws InvalidManifestException when a placement read from a file is misconfigured; offline
     *                                  there is no API server to have rejected it, so it is reported
     *                                  as an input error (a live one keeps its status and is left out)
     */
    public List<PlannedPlacement> plan(Manifests manifests, Instant now) {
        Fleet fleet = factMapper.fleet(manifests.clusterProfiles(), manifests.namespaceLabels());
        List<Placement> placements = manifests.placements().stream()
                .filter(placement -> placement.metadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(Placement::key))
                .toList();
        TenancyScope scope = TenancyScope.of(tenancy, fleet, manifests.clusterSetBindings());
        Map<String, PlacementOutcome> outcomes = scheduler.schedule(fleet, scope, placements, now);
        OffsetDateTime time = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<PlannedPlacement> planned = new ArrayList<>();
        for (Placement placement : placements) {
            PlacementOutcome outcome = outcomes.get(placement.key());
            if (outcome.isMisconfigured() && !manifests.sources().containsKey(placement.key())) {
                continue;
            }
            if (outcome.isMisconfigured()) {
                throw new InvalidManifestException(manifests.sources().get(placement.key()) + ": Placement "
                        + placement.key() + ": " + outcome.misconfiguration());
            }
            Placement withStatus = placement.withStatus(statusBuilder.build(outcome, placement.status(),
                    placement.metadata().getGeneration(), time, scope.access(placement)));
            planned.add(new PlannedPlacement(withStatus, slicer.sliceGroups(withStatus, outcome.groups(), List.of()), null));
        }
        return planned;
    }
}
