package io.meridian.scheduler.benchmark;

import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scheduler in the benchmark: Meridian's solver, or a per-placement baseline, behind one call. */
interface Contender {

    String name();

    /** Decisions by placement key in decision order; {@code current} is empty on the first pass. */
    Map<String, List<ClusterProfileRef>> schedule(Fleet fleet, List<Placement> placements,
                                                  Map<String, List<ClusterProfileRef>> current, Instant now);

    static Contender of(BaselineScheduler baseline) {
        return new Contender() {
            @Override
            public String name() {
                return baseline.name();
            }

            @Override
            public Map<String, List<ClusterProfileRef>> schedule(Fleet fleet, List<Placement> placements,
                                                                 Map<String, List<ClusterProfileRef>> current, Instant now) {
                return baseline.schedule(fleet, placements, current, now);
            }
        };
    }

    /**
     * Meridian's solver, all placements together; the current decisions reach it as the
     * placements' status, decided for their generation, as the controller would pass them.
     *
     * @param balanceWeight every PickN placement's {@code spec.scoring.balanceWeight}, or null to leave specs as generated
     */
    static Contender meridian(String name, Integer balanceWeight) {
        FleetScheduler solver = new FleetScheduler(SchedulingOptions.defaults());
        return new Contender() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, List<ClusterProfileRef>> schedule(Fleet fleet, List<Placement> placements,
                                                                 Map<String, List<ClusterProfileRef>> current, Instant now) {
                List<Placement> input = placements.stream()
                        .map(p -> balanceWeight == null ? p : withBalanceWeight(p, balanceWeight))
                        .map(p -> current.containsKey(p.key()) ? withDecisions(p, current.get(p.key())) : p)
                        .toList();
                Map<String, List<ClusterProfileRef>> decisions = new LinkedHashMap<>();
                solver.schedule(fleet, input, now).forEach((key, outcome) -> decisions.put(key,
                        outcome.decisions().stream().map(Decision::clusterProfileRef).toList()));
                return decisions;
            }
        };
    }

    private static Placement withDecisions(Placement placement, List<ClusterProfileRef> clusters) {
        List<Decision> previous = clusters.stream().map(ref -> new Decision(ref, 0L, "previous")).toList();
        return placement.withStatus(new PlacementStatus(placement.metadata().getGeneration(), previous.size(), previous,
                List.of(), List.of(), 0));
    }

    /** Through JSON, so that the copy keeps every field of the spec, present and future. */
    private static Placement withBalanceWeight(Placement placement, int weight) {
        if (!"PickN".equals(placement.spec().placementType())) {
            return placement;
        }
        com.google.gson.JsonObject json = ApiJson.gson().toJsonTree(placement).getAsJsonObject();
        com.google.gson.JsonObject spec = json.getAsJsonObject("spec");
        com.google.gson.JsonObject scoring = spec.has("scoring") && spec.get("scoring").isJsonObject()
                ? spec.getAsJsonObject("scoring") : new com.google.gson.JsonObject();
        scoring.addProperty("balanceWeight", weight);
        spec.add("scoring", scoring);
        return ApiJson.gson().fromJson(json, Placement.class);
    }
}
