package io.meridian.scheduler.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Schedules 1,000 placements over 1,000 and 5,000 clusters with the solver and with the greedy
 * baseline in the same JVM, then fails the busiest cluster and schedules again from the previous
 * decisions. Prints time, memory and decision quality; run with {@code ./mvnw -B -Pbenchmark verify}.
 */
@Tag("benchmark")
class SchedulingBenchmark {

    private static final Instant NOW = Profiles.SINCE.toInstant().plus(Duration.ofHours(1));
    private static final long SEED = 42;

    private record Measured<T>(T result, long millis, long allocatedMb, long peakHeapMb) {
    }

    private record Quality(int pickN, int satisfied, int spreadRespected, int spreadPlacements, double meanLoad,
                           int maxLoad, double loadStdDev) {
    }

    @ParameterizedTest(name = "{0} placements x {1} clusters")
    @CsvSource({"1000, 1000", "1000, 5000"})
    void solverAgainstGreedyBaseline(int placementCount, int clusterCount) {
        Fleet fleet = FleetWorkload.fleet(FleetWorkload.profiles(clusterCount, SEED, Set.of()));
        List<Placement> placements = FleetWorkload.placements(placementCount, clusterCount, SEED);
        FleetScheduler solver = new FleetScheduler(SchedulingOptions.defaults());
        GreedyScheduler greedy = new GreedyScheduler();
        warmUp(solver, greedy);

        Measured<Map<String, List<ClusterProfileRef>>> greedyRun = measure(() -> greedy.schedule(fleet, placements, NOW));
        Measured<Map<String, List<ClusterProfileRef>>> solverRun = measure(() -> refs(solver.schedule(fleet, placements, NOW)));

        // One cluster fails, the same for both: the busiest over both decisions.
        Map<String, List<ClusterProfileRef>> both = new HashMap<>();
        greedyRun.result().forEach((key, refs) -> both.put("greedy/" + key, refs));
        solverRun.result().forEach((key, refs) -> both.put("solver/" + key, refs));
        String failed = busiest(both);
        Fleet degraded = FleetWorkload.fleet(FleetWorkload.profiles(clusterCount, SEED, Set.of(failed)));
        Measured<Map<String, List<ClusterProfileRef>>> greedyAfter =
                measure(() -> greedy.schedule(degraded, withDecisions(placements, greedyRun.result()), NOW));
        Measured<Map<String, List<ClusterProfileRef>>> solverAfter =
                measure(() -> refs(solver.schedule(degraded, withDecisions(placements, solverRun.result()), NOW)));

        Quality greedyQuality = quality(placements, greedyRun.result(), fleet);
        Quality solverQuality = quality(placements, solverRun.result(), fleet);
        System.out.printf("%n=== %d placements x %d clusters (failed cluster: %s) ===%n", placementCount, clusterCount, failed);
        System.out.printf("%-9s %9s %11s %10s %13s %15s %9s %12s %13s %11s%n", "scheduler", "time ms", "alloc MB",
                "peak MB", "PickN satisf.", "spread kept", "max load", "load stddev", "moved/forced", "resched ms");
        print("greedy", greedyRun, greedyQuality, moved(greedyRun.result(), greedyAfter.result(), failed),
                lostOnFailure(greedyRun.result(), failed), greedyAfter);
        print("meridian", solverRun, solverQuality, moved(solverRun.result(), solverAfter.result(), failed),
                lostOnFailure(solverRun.result(), failed), solverAfter);
        System.out.printf("ratio meridian/greedy: time %.1fx, max load %.2fx, load stddev %.2fx%n",
                (double) solverRun.millis() / Math.max(1, greedyRun.millis()),
                (double) solverQuality.maxLoad() / greedyQuality.maxLoad(),
                solverQuality.loadStdDev() / greedyQuality.loadStdDev());
        System.out.println("moved: clusters added to placements after the failure; forced: placements that were on it");

        assertThat(solverQuality.satisfied()).isGreaterThanOrEqualTo(greedyQuality.satisfied());
        assertThat(solverAfter.result().values().stream().flatMap(List::stream))
                .noneMatch(ref -> ref.name().equals(failed));
    }

    private static void print(String name, Measured<?> run, Quality quality, int moved, int forced, Measured<?> after) {
        System.out.printf("%-9s %9d %11d %10d %8d/%-4d %10d/%-4d %9d %12.2f %8d/%-4d %11d%n", name, run.millis(),
                run.allocatedMb(), run.peakHeapMb(), quality.satisfied(), quality.pickN(), quality.spreadRespected(),
                quality.spreadPlacements(), quality.maxLoad(), quality.loadStdDev(), moved, forced, after.millis());
    }

    private static void warmUp(FleetScheduler solver, GreedyScheduler greedy) {
        Fleet fleet = FleetWorkload.fleet(FleetWorkload.profiles(200, 7, Set.of()));
        List<Placement> placements = FleetWorkload.placements(100, 200, 7);
        greedy.schedule(fleet, placements, NOW);
        solver.schedule(fleet, placements, NOW);
    }

    private static <T> Measured<T> measure(Supplier<T> work) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        T result = work.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        return new Measured<>(result, millis, allocated >> 20, peak >> 20);
    }

    private static Map<String, List<ClusterProfileRef>> refs(Map<String, PlacementOutcome> outcomes) {
        Map<String, List<ClusterProfileRef>> refs = new LinkedHashMap<>();
        outcomes.forEach((key, outcome) -> refs.put(key,
                outcome.decisions().stream().map(Decision::clusterProfileRef).toList()));
        return refs;
    }

    private static List<Placement> withDecisions(List<Placement> placements, Map<String, List<ClusterProfileRef>> decisions) {
        return placements.stream().map(placement -> {
            List<Decision> previous = decisions.get(placement.key()).stream()
                    .map(ref -> new Decision(ref, 0L, "previous")).toList();
            return placement.withStatus(new PlacementStatus(1L, previous.size(), previous, List.of(), List.of(), 0));
        }).toList();
    }

    private static String busiest(Map<String, List<ClusterProfileRef>> decisions) {
        Map<String, Integer> load = load(decisions);
        return load.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey();
    }

    private static Map<String, Integer> load(Map<String, List<ClusterProfileRef>> decisions) {
        Map<String, Integer> load = new HashMap<>();
        decisions.values().forEach(refs -> refs.forEach(ref -> load.merge(ref.name(), 1, Integer::sum)));
        return load;
    }

    /** Clusters added to placements by the second run; clusters taken off the failed one are counted too. */
    private static int moved(Map<String, List<ClusterProfileRef>> before, Map<String, List<ClusterProfileRef>> after,
                             String failed) {
        int moved = 0;
        for (Map.Entry<String, List<ClusterProfileRef>> entry : after.entrySet()) {
            Set<ClusterProfileRef> previous = new HashSet<>(before.getOrDefault(entry.getKey(), List.of()));
            moved += (int) entry.getValue().stream().filter(ref -> !previous.contains(ref)).count();
        }
        return moved;
    }

    private static int lostOnFailure(Map<String, List<ClusterProfileRef>> decisions, String failed) {
        return (int) decisions.values().stream().filter(refs -> refs.stream().anyMatch(r -> r.name().equals(failed))).count();
    }

    private static Quality quality(List<Placement> placements, Map<String, List<ClusterProfileRef>> decisions, Fleet fleet) {
        int pickN = 0;
        int satisfied = 0;
        int spreadPlacements = 0;
        int spreadRespected = 0;
        Map<String, String> region = new HashMap<>();
        fleet.clusters().forEach(c -> region.put(c.ref().name(), c.location()));
        for (Placement placement : placements) {
            if (!"PickN".equals(placement.spec().placementType())) {
                continue;
            }
            pickN++;
            List<ClusterProfileRef> selected = decisions.get(placement.key());
            if (selected.size() == placement.spec().numberOfClusters()) {
                satisfied++;
            }
            if (placement.spec().topologySpread() != null) {
                spreadPlacements++;
                long regions = selected.stream().map(ref -> region.get(ref.name())).distinct().count();
                if (regions == Math.min(selected.size(), io.meridian.scheduler.workload.FleetGenerator.REGIONS.size())) {
                    spreadRespected++;
                }
            }
        }
        Map<String, Integer> load = load(decisions);
        List<Integer> loads = fleet.clusters().stream()
                .filter(c -> c.isHealthy() && c.isJoined())
                .map(c -> load.getOrDefault(c.ref().name(), 0)).toList();
        double mean = loads.stream().mapToInt(Integer::intValue).average().orElse(0);
        double variance = loads.stream().mapToDouble(l -> (l - mean) * (l - mean)).average().orElse(0);
        int max = loads.stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Quality(pickN, satisfied, spreadRespected, spreadPlacements, mean, max, Math.sqrt(variance));
    }
}
