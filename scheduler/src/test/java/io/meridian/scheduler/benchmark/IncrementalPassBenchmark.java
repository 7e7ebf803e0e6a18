package io.meridian.scheduler.benchmark;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.decision.StatusBuilder;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's passes as the controller runs them, in process and without an API server: the
 * first pass over a fleet, the pass after its decisions are given back, a pass with nothing
 * changed, then the busiest clusters turning unhealthy one at a time. Each pass is timed by step
 * (begin: what changed and what it affects; selectAll: admission and PickAll/PickFixed; finish:
 * solve and explain). What the controller adds on top (informer reads, writes) is measured by
 * {@code ControllerScaleBenchmarkIT}. Ends with one {@code RESULT key=value ...} line.
 *
 * <p>{@code ./mvnw -B -pl scheduler -am -Pbenchmark test -Dtest=IncrementalPassBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dplacements=10000 -Dclusters=1000 -Dflips=10}
 */
@Tag("benchmark")
class IncrementalPassBenchmark {

    private static final int PLACEMENTS = Integer.getInteger("placements", 10_000);
    private static final int CLUSTERS = Integer.getInteger("clusters", 1000);
    private static final int FLIPS = Integer.getInteger("flips", 10);
    private static final long SEED = 42;
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** @param allocatedMb what the pass allocated, which the garbage collector pays for on the same cores */
    private record Timed(long beginMs, long selectAllMs, long finishMs, long allocatedMb, int scheduled, int moved,
                         Map<String, PlacementOutcome> outcomes) {

        long totalMs() {
            return beginMs + selectAllMs + finishMs;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d ms (begin %d, selectAll %d, finish %d), %d MB allocated, %d scheduled, "
                    + "%d moved", totalMs(), beginMs, selectAllMs, finishMs, allocatedMb, scheduled, moved);
        }
    }

    private final StatusBuilder statuses = new StatusBuilder();

    @Test
    void passes() {
        List<ClusterProfile> profiles = FleetWorkload.profiles(CLUSTERS, SEED, Set.of());
        List<Placement> placements = FleetWorkload.placements(PLACEMENTS, CLUSTERS, SEED);
        FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());
        System.out.printf("=== %d placements x %d clusters ===%n", PLACEMENTS, CLUSTERS);

        Fleet fleet = FleetWorkload.fleet(profiles);
        Timed first = pass(scheduler, fleet, placements, Map.of());
        System.out.println("first pass: " + first);
        placements = given(placements, first.outcomes());
        Timed settle = pass(scheduler, fleet, placements, first.outcomes());
        System.out.println("pass after the decisions are given: " + settle);
        placements = given(placements, settle.outcomes());
        Timed quiet = pass(scheduler, fleet, placements, settle.outcomes());
        System.out.println("pass with nothing changed: " + quiet);

        Set<String> unhealthy = new HashSet<>();
        List<Long> flips = new ArrayList<>();
        Map<String, PlacementOutcome> current = quiet.outcomes();
        for (String cluster : busiest(current, FLIPS)) {
            unhealthy.add(cluster);
            Fleet flipped = FleetWorkload.fleet(FleetWorkload.profiles(CLUSTERS, SEED, unhealthy));
            Timed flip = pass(scheduler, flipped, placements, current);
            System.out.println(cluster + " unhealthy: " + flip);
            flips.add(flip.totalMs());
            placements = given(placements, flip.outcomes());
            current = flip.outcomes();
        }
        List<Long> sorted = flips.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "RESULT placements=%d clusters=%d first_pass_ms=%d settle_pass_ms=%d "
                        + "quiet_pass_ms=%d flip_p50_ms=%d flip_max_ms=%d%n", PLACEMENTS, CLUSTERS, first.totalMs(),
                settle.totalMs(), quiet.totalMs(), sorted.get((sorted.size() - 1) / 2), sorted.get(sorted.size() - 1));
    }

    private static Timed pass(FleetScheduler scheduler, Fleet fleet, List<Placement> placements,
                              Map<String, PlacementOutcome> before) {
        long allocatedBefore = ALLOCATION.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        FleetScheduler.Pass pass = scheduler.begin(fleet, TenancyScope.open(fleet), placements, NOW, false);
        long begun = System.nanoTime();
        pass.selectAll();
        long selected = System.nanoTime();
        Map<String, PlacementOutcome> outcomes = new HashMap<>(pass.finish());
        long finished = System.nanoTime();
        long allocated = ALLOCATION.getCurrentThreadAllocatedBytes() - allocatedBefore;
        int moved = (int) outcomes.entrySet().stream()
                .filter(e -> before.get(e.getKey()) == null
                        || !clusters(before.get(e.getKey())).equals(clusters(e.getValue())))
                .count();
        return new Timed(millis(begun - start), millis(selected - begun), millis(finished - selected),
                allocated >> 20, pass.scheduled().size(), moved, outcomes);
    }

    /** What the controller does with each outcome: the Placement is given the status built from it. */
    private List<Placement> given(List<Placement> placements, Map<String, PlacementOutcome> outcomes) {
        return placements.stream().map(placement -> {
            V1ObjectMeta metadata = placement.metadata();
            PlacementStatus status = statuses.build(outcomes.get(placement.key()), placement.status(),
                    metadata.getGeneration(), NOW.atOffset(ZoneOffset.UTC), null);
            return placement.withStatus(status);
        }).toList();
    }

    private static List<String> busiest(Map<String, PlacementOutcome> outcomes, int count) {
        Map<String, Integer> load = new HashMap<>();
        outcomes.values().forEach(o -> o.decisions().forEach(d -> load.merge(d.clusterProfileRef().name(), 1, Integer::sum)));
        return load.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(count).map(Map.Entry::getKey).toList();
    }

    private static Set<Object> clusters(PlacementOutcome outcome) {
        Set<Object> clusters = new HashSet<>();
        outcome.decisions().stream().map(Decision::clusterProfileRef).forEach(clusters::add);
        return clusters;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
