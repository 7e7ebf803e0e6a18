package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.MeridianApplication;
import io.meridian.scheduler.benchmark.FleetWorkload;
import io.meridian.scheduler.solver.FleetScheduler;
import io.meridian.scheduler.solver.SchedulingOptions;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.KubeApiServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The controller at fleet scale on a real kube-apiserver and etcd: 1,000 ClusterProfiles and
 * 1,000 Placements exist before it starts; measures the time until every Placement has a status,
 * then the latency from one profile's ControlPlaneHealthy turning False to every affected
 * Placement being updated. The baseline is the same scheduling pass run offline in this JVM.
 * Run with {@code ./mvnw -B -Pbenchmark verify}.
 */
@Tag("benchmark")
class ControllerScaleBenchmarkIT {

    private static final int CLUSTERS = 1000;
    private static final int PLACEMENTS = 1000;
    private static final long SEED = 42;

    @Test
    void scheduleAFleetThenReactToAnUnhealthyCluster() throws Exception {
        try (KubeApiServer apiServer = KubeApiServer.start()) {
            ClusterObjects objects = new ClusterObjects(apiServer.client());
            objects.namespace("fleet", Map.of());
            objects.namespace("apps", Map.of());
            for (String clusterSet : FleetWorkload.CLUSTER_SETS) {
                objects.bind("apps", clusterSet);
            }
            List<ClusterProfile> profiles = FleetWorkload.profiles(CLUSTERS, SEED, Set.of());
            List<Placement> placements = FleetWorkload.placements(PLACEMENTS, CLUSTERS, SEED);
            long loadStart = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (Future<?> created : pool.invokeAll(profiles.stream().<java.util.concurrent.Callable<Object>>map(p -> () -> {
                objects.create(p);
                return null;
            }).toList())) {
                created.get();
            }
            for (Future<?> created : pool.invokeAll(placements.stream().<java.util.concurrent.Callable<Object>>map(p -> () -> {
                objects.create(p);
                return null;
            }).toList())) {
                created.get();
            }
            pool.shutdown();
            System.out.printf("created %d profiles and %d placements in %d ms%n", CLUSTERS, PLACEMENTS,
                    (System.nanoTime() - loadStart) / 1_000_000);

            // Baseline: the same pass offline, no API server.
            long offlineStart = System.nanoTime();
            new FleetScheduler(SchedulingOptions.defaults()).schedule(FleetWorkload.fleet(profiles), placements, Instant.now());
            long offlineMs = (System.nanoTime() - offlineStart) / 1_000_000;

            CustomObjectsApi custom = new CustomObjectsApi(apiServer.client());
            long start = System.nanoTime();
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MeridianApplication.class)
                    .run("--meridian.kubeconfig=" + apiServer.kubeconfig(), "--server.port=0",
                            "--meridian.leader-election.lease-namespace=default", "--meridian.debounce=200ms",
                            "--logging.level.io.meridian=warn")) {
                Map<String, Map<String, Object>> statuses = awaitStatuses(custom, PLACEMENTS, start);
                long allWrittenMs = (System.nanoTime() - start) / 1_000_000;

                String failed = busiest(statuses);
                Set<String> affected = new java.util.TreeSet<>();
                statuses.forEach((name, status) -> {
                    if (clusters(status).contains(failed)) {
                        affected.add(name);
                    }
                });
                ClusterProfile profile = profiles.stream().filter(p -> p.metadata().getName().equals(failed)).findFirst()
                        .orElseThrow();
                List<ClusterProfile> unhealthy = FleetWorkload.profiles(CLUSTERS, SEED, Set.of(failed));
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                Timer passTimer = registry.timer("meridian.scheduling.duration");
                Thread.sleep(2000); // let passes triggered by the first writes settle
                double writesBefore = writes(registry);
                long passesBefore = passTimer.count();
                double passTimeBefore = passTimer.totalTime(TimeUnit.MILLISECONDS);
                Timer solveTimer = registry.timer("meridian.solver.duration");
                double solveTimeBefore = solveTimer.totalTime(TimeUnit.MILLISECONDS);
                long failStart = System.nanoTime();
                objects.updateStatus(unhealthy.get(profiles.indexOf(profile)));
                awaitMovedOff(custom, failed, affected);
                long reactMs = (System.nanoTime() - failStart) / 1_000_000;
                Thread.sleep(1000);
                double reactWrites = writes(registry) - writesBefore;
                long reactPasses = passTimer.count() - passesBefore;
                double reactPassMs = passTimer.totalTime(TimeUnit.MILLISECONDS) - passTimeBefore;
                double reactSolveMs = solveTimer.totalTime(TimeUnit.MILLISECONDS) - solveTimeBefore;

                Timer passes = context.getBean(MeterRegistry.class).timer("meridian.scheduling.duration");
                System.out.printf("%n=== controller: %d placements x %d ClusterProfiles on kube-apiserver + etcd ===%n",
                        PLACEMENTS, CLUSTERS);
                System.out.printf("start -> every status written:          %6d ms%n", allWrittenMs);
                System.out.printf("offline pass, same input (baseline):    %6d ms   ratio %.1fx%n", offlineMs,
                        (double) allWrittenMs / Math.max(1, offlineMs));
                System.out.printf("ControlPlaneHealthy=False on %s -> %d affected placements updated: %d ms%n",
                        failed, affected.size(), reactMs);
                System.out.printf("  reaction: %d passes taking %.0f ms in all (%.0f ms validating, filtering, solving),"
                        + " %.0f API writes%n", reactPasses, reactPassMs, reactSolveMs, reactWrites);
                System.out.printf("scheduling passes: %d, mean %.0f ms, max %.0f ms; heap used %d MB%n", passes.count(),
                        passes.mean(TimeUnit.MILLISECONDS), passes.max(TimeUnit.MILLISECONDS),
                        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
                assertThat(affected).isNotEmpty();
            }
        }
    }

    private static double writes(MeterRegistry registry) {
        return registry.find("meridian.api.writes").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> list(CustomObjectsApi custom) throws Exception {
        Object raw = custom.listNamespacedCustomObject(Placement.GROUP, Placement.VERSION, "apps", Placement.PLURAL).execute();
        JsonObject list = ApiJson.gson().toJsonTree(raw).getAsJsonObject();
        Map<String, Map<String, Object>> statuses = new HashMap<>();
        for (var item : list.getAsJsonArray("items")) {
            JsonObject object = item.getAsJsonObject();
            String name = object.getAsJsonObject("metadata").get("name").getAsString();
            statuses.put(name, object.has("status") ? ApiJson.gson().fromJson(object.get("status"), Map.class) : null);
        }
        return statuses;
    }

    private static Map<String, Map<String, Object>> awaitStatuses(CustomObjectsApi custom, int count, long start)
            throws Exception {
        while (true) {
            Map<String, Map<String, Object>> statuses = list(custom);
            if (statuses.size() == count && statuses.values().stream().allMatch(s -> s != null && s.get("observedGeneration") != null)) {
                return statuses;
            }
            assertThat(System.nanoTime() - start).as("statuses written within 10 minutes").isLessThan(600_000_000_000L);
            Thread.sleep(100);
        }
    }

    /** Reads only the affected placements, so polling does not slow the API server down. */
    @SuppressWarnings("unchecked")
    private static void awaitMovedOff(CustomObjectsApi custom, String failed, Set<String> affected) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        Set<String> waiting = new java.util.TreeSet<>(affected);
        while (System.nanoTime() < deadline) {
            for (java.util.Iterator<String> names = waiting.iterator(); names.hasNext(); ) {
                Object raw = custom.getNamespacedCustomObject(Placement.GROUP, Placement.VERSION, "apps",
                        Placement.PLURAL, names.next()).execute();
                JsonObject object = ApiJson.gson().toJsonTree(raw).getAsJsonObject();
                if (!clusters(ApiJson.gson().fromJson(object.get("status"), Map.class)).contains(failed)) {
                    names.remove();
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("placements still on " + failed + ": " + waiting);
    }

    @SuppressWarnings("unchecked")
    private static List<String> clusters(Map<String, Object> status) {
        List<Map<String, Object>> decisions = status == null ? null : (List<Map<String, Object>>) status.get("decisions");
        return decisions == null ? List.of()
                : decisions.stream().map(d -> (String) ((Map<String, Object>) d.get("clusterProfileRef")).get("name")).toList();
    }

    private static String busiest(Map<String, Map<String, Object>> statuses) {
        Map<String, Integer> load = new HashMap<>();
        statuses.values().forEach(status -> clusters(status).forEach(name -> load.merge(name, 1, Integer::sum)));
        return load.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey();
    }
}
