package io.meridian.scheduler.plan;

import io.meridian.api.placement.Placement;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.decision.StatusBuilder;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.solver.FleetScheduler;
import io.meridian.scheduler.solver.PlacementOutcome;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs one offline scheduling pass over manifests, exactly as the controller would. */
public final class Planner {

    private final FactMapper factMapper;
    private final FleetScheduler scheduler;
    private final StatusBuilder statusBuilder = new StatusBuilder();
    private final DecisionSlicer slicer = new DecisionSlicer();

    public Planner(FleetOptions fleetOptions, SchedulingOptions schedulingOptions) {
        this.factMapper = new FactMapper(fleetOptions);
        this.scheduler = new FleetScheduler(schedulingOptions);
    }

    /**
     * @throws InvalidManifestException when a placement is misconfigured; offline there is no
     *                                  API server to have rejected it, so it is reported as input error
     */
    public List<PlannedPlacement> plan(Manifests manifests, Instant now) {
        Fleet fleet = factMapper.fleet(manifests.clusterProfiles(), manifests.namespaceLabels());
        Map<String, PlacementOutcome> outcomes = scheduler.schedule(fleet, manifests.placements(), now);
        OffsetDateTime time = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<PlannedPlacement> planned = new ArrayList<>();
        for (Placement placement : manifests.placements().stream().sorted(java.util.Comparator.comparing(Placement::key)).toList()) {
            PlacementOutcome outcome = outcomes.get(placement.key());
            if (outcome.isMisconfigured()) {
                throw new InvalidManifestException(manifests.sources().get(placement.key()) + ": Placement "
                        + placement.key() + ": " + outcome.misconfiguration());
            }
            Placement withStatus = placement.withStatus(statusBuilder.build(outcome, placement.status(),
                    placement.metadata().getGeneration(), time));
            planned.add(new PlannedPlacement(withStatus, slicer.slices(withStatus, outcome.decisions())));
        }
        return planned;
    }
}
