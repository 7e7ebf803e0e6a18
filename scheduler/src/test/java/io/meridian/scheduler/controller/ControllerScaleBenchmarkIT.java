package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.benchmark.FleetWorkload;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.ControllerProcess;
import io.meridian.scheduler.testing.Convergence;
import io.meridian.scheduler.testing.FleetObserver;
import io.meridian.scheduler.testing.HeapProbe;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.PrometheusScrape;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The controller at fleet scale, as it ships (the packaged jar in a JVM of its own, with the image's
 * JVM options), on a real kube-apiserver and etcd. In one run:
 * <ol>
 *   <li>the write floor: the same statuses and slices computed offline with the same scheduler and
 *       written straight with the same client, verbs and concurrency ({@link WriteFloor}), and the
 *       reaction floor: the statuses and slices a flip of each of the {@code flips} busiest clusters
 *       rewrites, written the same way;</li>
 *   <li>initial sync: from launching the controller on the untouched fleet until every Placement
 *       has its status and slices, as a watching user sees it;</li>
 *   <li>reaction: {@code flips} clusters, the busiest first, turn unhealthy one at a time; each
 *       takes the time until every Placement that had selected it has moved off;</li>
 *   <li>churn: Placements created, edited and deleted at {@code churn.rate} per second for
 *       {@code churn.seconds}, then the time from the last operation until a watching user sees
 *       everything converged ({@link Convergence#problems}), confirmed afterwards by listing from
 *       the API server (which takes seconds by itself at 10,000 Placements, so it does not time it);</li>
 *   <li>memory: the controller's live heap after a full collection at the end of each phase and
 *       whenever it collected fully by itself ({@link HeapProbe}); {@code -Dheap=512m} runs it
 *       with that {@code -Xmx}.</li>
 * </ol>
 * The last line printed is machine-readable:
 * {@code RESULT placements=N clusters=N all_written_s=X floor_s=X ratio=X reaction_p50_ms=X
 * reaction_p99_ms=X churn_converge_s=X heap_peak_mb=X}.
 *
 * <p>{@code ./mvnw -B -Pbenchmark verify -pl scheduler -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ControllerScaleBenchmarkIT -Dplacements=1000 -Dclusters=1000 -Dflips=20 -Dheap=512m}; further
 * options of the controller's JVM go in {@code -Dcontroller.jvm="..."}, e.g. to take a flight recording.
 */
@Tag("benchmark")
class ControllerScaleBenchmarkIT {

    private static final int PLACEMENTS = Integer.getInteger("placements", 1000);
    private static final int CLUSTERS = Integer.getInteger("clusters", 1000);
    private static final int FLIPS = Integer.getInteger("flips", 20);
    private static final int CHURN_RATE = Integer.getInteger("churn.rate", 50);
    private static final int CHURN_SECONDS = Integer.getInteger("churn.seconds", 60);
    /** {@code -Xmx} of the controller, e.g. {@code 512m}; empty for the JVM's default. */
    private static final String HEAP = System.getProperty("heap", "");
    /** Further options of the controller's JVM, separated by spaces, e.g. to record a flight recording. */
    private static final String JVM_OPTIONS = System.getProperty("controller.jvm", "");
    private static final long SEED = 42;
    private static final String IDENTITY = "scale-benchmark";

    @Test
    void fleetAtScale() throws Exception {
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
            createAll(profiles.stream().<Callable<Void>>map(p -> () -> {
                objects.create(p);
                return null;
            }).toList());
            createAll(placements.stream().<Callable<Void>>map(p -> () -> {
                objects.create(p);
                return null;
            }).toList());
            System.out.printf("created %d profiles and %d placements in %d ms%n", CLUSTERS, PLACEMENTS,
                    millisSince(loadStart));

            // The observer watches the floor's writes too: the machine does the same work in both.
            try (FleetObserver observer = new FleetObserver(apiServer.client())) {
                while (!observer.hasSynced()) {
                    Thread.sleep(50);
                }
                WriteFloor.Result floor = new WriteFloor(apiServer).measure(profiles, placements, "floor", FLIPS, () -> {
                    try {
                        observer.awaitQuiet(Duration.ofSeconds(1), Duration.ofMinutes(1));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                System.out.printf(Locale.ROOT, "write floor: %d statuses (%d bytes of JSON on average) and %d slices "
                                + "in %.1f s, %.0f ms per write; kube-apiserver and etcd used %.1f s of CPU%n",
                        floor.statuses(), floor.statusBytes() / Math.max(1, floor.statuses()), floor.slices(),
                        seconds(floor.took()), floor.writeNanos() / 1e6 / Math.max(1, floor.statuses() + floor.slices()),
                        seconds(floor.serverCpu()));
                WriteFloor.Flips flipFloor = floor.flips();
                System.out.printf(Locale.ROOT, "reaction floor: %d flips' statuses and slices (%d writes) written in "
                                + "p50 %d ms, p99 %d ms; kube-apiserver and etcd used %.2f s of CPU per flip; in turn: %s ms%n",
                        flipFloor.millis().size(), flipFloor.writes(), percentile(flipFloor.millis(), 50),
                        percentile(flipFloor.millis(), 99),
                        seconds(flipFloor.serverCpu()) / Math.max(1, flipFloor.millis().size()), flipFloor.millis());
                observer.awaitQuiet(Duration.ofSeconds(1), Duration.ofMinutes(1));
                run(apiServer, objects, profiles, floor, observer);
            }
        }
    }

    private void run(KubeApiServer apiServer, ClusterObjects objects, List<ClusterProfile> profiles,
                     WriteFloor.Result floor, FleetObserver observer) throws Exception {
        int port = freePort();
        HeapProbe heap = new HeapProbe(Files.createDirectories(ControllerProcess.LOGS).resolve(IDENTITY + "-gc.log"));
        Files.deleteIfExists(ControllerProcess.LOGS.resolve(IDENTITY + "-gc.log"));
        List<String> jvmOptions = new ArrayList<>(heap.jvmOptions());
        jvmOptions.add("@" + ControllerProcess.IMAGE_JVM_OPTIONS); // as the image runs it
        if (!HEAP.isBlank()) {
            jvmOptions.add("-Xmx" + HEAP);
        }
        if (!JVM_OPTIONS.isBlank()) {
            jvmOptions.addAll(List.of(JVM_OPTIONS.trim().split("\\s+")));
        }
        Duration serverCpu = apiServer.cpuTime();
        Duration ownCpu = ownCpu();
        long start = System.nanoTime();
        try (ControllerProcess controller = ControllerProcess.start(apiServer, IDENTITY, jvmOptions,
                // Each pass's timings (prepared, decided, written) in the controller's log.
                List.of("server.port=" + port, "logging.level.io.meridian.scheduler.controller.FleetReconciler=DEBUG"))) {
            // Initial sync.
            long allWritten = awaitAllWritten(observer, controller) - start;
            double allWrittenSeconds = allWritten / 1e9;
            Duration controllerCpu = controller.cpuTime();
            serverCpu = apiServer.cpuTime().minus(serverCpu);
            ownCpu = ownCpu().minus(ownCpu);
            observer.awaitQuiet(Duration.ofSeconds(2), Duration.ofMinutes(2));
            PrometheusScrape afterSync = PrometheusScrape.of(port);
            System.out.printf(Locale.ROOT, "%n=== controller: %d placements x %d ClusterProfiles, -Xmx %s ===%n",
                    PLACEMENTS, CLUSTERS, HEAP.isBlank() ? "JVM default" : HEAP);
            System.out.printf(Locale.ROOT, "initial sync: every status and slice written %.1f s after launch "
                            + "(floor %.1f s, ratio %.2f); %s%n", allWrittenSeconds, seconds(floor.took()),
                    allWrittenSeconds / seconds(floor.took()), passes(afterSync, null));
            System.out.printf(Locale.ROOT, "initial sync CPU: controller %.1f s (JVM start included), kube-apiserver and "
                    + "etcd %.1f s, this benchmark (its watch) %.1f s%n", seconds(controllerCpu), seconds(serverCpu),
                    seconds(ownCpu));
            System.out.printf("live heap after initial sync: %d MiB%n", heap.collect(controller.pid()));

            // Reaction to health flips.
            Duration controllerBefore = controller.cpuTime();
            Duration serverBefore = apiServer.cpuTime();
            Duration ownBefore = ownCpu();
            List<Long> reactions = flips(objects, profiles, observer, controller);
            PrometheusScrape afterFlips = PrometheusScrape.of(port);
            System.out.printf("flips: %s%n", passes(afterFlips, afterSync));
            System.out.printf(Locale.ROOT, "flips CPU per flip: controller %.2f s, kube-apiserver and etcd %.2f s, "
                            + "this benchmark (its watch) %.2f s%n",
                    seconds(controller.cpuTime().minus(controllerBefore)) / Math.max(1, reactions.size()),
                    seconds(apiServer.cpuTime().minus(serverBefore)) / Math.max(1, reactions.size()),
                    seconds(ownCpu().minus(ownBefore)) / Math.max(1, reactions.size()));
            System.out.printf("live heap after the flips: %d MiB%n", heap.collect(controller.pid()));

            // Churn.
            PlacementChurn.Result churn = new PlacementChurn(objects, "apps", observer.placements().stream()
                    .filter(p -> "apps".equals(p.metadata().getNamespace())).toList(), CLUSTERS, SEED + 1)
                    .run(CHURN_RATE, Duration.ofSeconds(CHURN_SECONDS));
            System.out.printf(Locale.ROOT, "churn: %d creates, edits and deletes in %.1f s (%.1f/s), %d refused%n",
                    churn.operations(), seconds(churn.took()), churn.operations() / seconds(churn.took()), churn.failed());
            Duration converged = awaitConverged(observer, churn.last(), controller);
            // What the watch showed is confirmed by the API server itself; listing 10,000 objects
            // takes seconds, which is why the watch, not the list, times the convergence.
            new Convergence(apiServer.client(Duration.ofSeconds(60)))
                    .awaitConverged("churn (API server)", churn.last(), Duration.ofMinutes(15));
            System.out.printf("churn: %s%n", passes(PrometheusScrape.of(port), afterFlips));
            System.out.printf("live heap after churn: %d MiB%n", heap.collect(controller.pid()));
            assertThat(controller.isAlive()).as("controller still running").isTrue();

            long heapPeak = heap.peakMiB();
            System.out.printf(Locale.ROOT, "RESULT placements=%d clusters=%d all_written_s=%.1f floor_s=%.1f ratio=%.2f "
                            + "reaction_p50_ms=%d reaction_p99_ms=%d churn_converge_s=%.1f heap_peak_mb=%d%n",
                    PLACEMENTS, CLUSTERS, allWrittenSeconds, seconds(floor.took()),
                    allWrittenSeconds / seconds(floor.took()), percentile(reactions, 50), percentile(reactions, 99),
                    seconds(converged), heapPeak);
        }
    }

    /** @return when the observer received the change that completed the initial sync, as {@code System.nanoTime()} */
    private static long awaitAllWritten(FleetObserver observer, ControllerProcess controller) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertThat(controller.isAlive()).as("controller running\n%s", controller.logTail()).isTrue();
            long seen = observer.lastChange();
            Convergence.Snapshot snapshot = observer.snapshot();
            if (snapshot.placements().size() == PLACEMENTS && converged(snapshot)) {
                return seen;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not every status and slice written after 30 minutes\n" + controller.logTail());
    }

    private static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Cheap while most statuses are still missing: the poll shares two cores with what it measures. */
    private static boolean converged(Convergence.Snapshot snapshot) {
        return Convergence.everyGenerationAnswered(snapshot) && Convergence.problems(snapshot).isEmpty();
    }

    /**
     * The time from the last churn operation until a watching user saw the change that made every
     * Placement converged ({@link Convergence#problems}).
     */
    private static Duration awaitConverged(FleetObserver observer, Instant last, ControllerProcess controller)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        while (System.nanoTime() < deadline) {
            assertThat(controller.isAlive()).as("controller running\n%s", controller.logTail()).isTrue();
            long seen = observer.lastChange();
            if (converged(observer.snapshot())) {
                Instant convergedAt = Instant.now().minusNanos(System.nanoTime() - seen);
                Duration took = Duration.between(last, convergedAt);
                System.out.printf(Locale.ROOT, "CONVERGED scenario=churn seconds=%.1f (as watched)%n",
                        took.toMillis() / 1000.0);
                return took.isNegative() ? Duration.ZERO : took;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("churn not converged after 15 minutes\n" + controller.logTail());
    }

    /**
     * Turns the busiest clusters unhealthy, one at a time, each once every Placement is settled.
     *
     * @return per flip, the time until every Placement that had selected the cluster left it, in ms
     */
    private static List<Long> flips(ClusterObjects objects, List<ClusterProfile> profiles, FleetObserver observer,
                                    ControllerProcess controller) throws Exception {
        List<String> busiest = WriteFloor.busiest(observer.placements().stream().map(Convergence.Snapshot::selected), FLIPS);
        List<Long> reactions = new ArrayList<>();
        for (String cluster : busiest) {
            List<String> affected = observer.placements().stream()
                    .filter(p -> Convergence.Snapshot.selected(p).contains(cluster)).map(Placement::key).toList();
            String name = cluster.substring(cluster.indexOf('/') + 1);
            int index = profiles.stream().map(p -> p.metadata().getName()).toList().indexOf(name);
            ClusterProfile unhealthy = FleetWorkload.profiles(CLUSTERS, SEED, Set.of(name)).get(index);
            long start = System.nanoTime();
            objects.updateStatus(unhealthy);
            long deadline = start + TimeUnit.MINUTES.toNanos(5);
            // The watch stamps each change as it arrives and the reaction is read from those stamps,
            // so polling more often would only take CPU from what is measured.
            while (affected.stream().anyMatch(key -> Convergence.Snapshot.selected(observer.placement(key)).contains(cluster))) {
                assertThat(System.nanoTime()).as("placements moved off %s within 5 minutes\n%s", cluster,
                        controller.logTail()).isLessThan(deadline);
                Thread.sleep(50);
            }
            long reaction = affected.stream().mapToLong(observer::lastChange).max().orElse(start) - start;
            reactions.add(reaction / 1_000_000);
            System.out.printf("%s unhealthy: %d placements moved off it in %d ms%n", cluster, affected.size(),
                    reaction / 1_000_000);
            observer.awaitQuiet(Duration.ofSeconds(1), Duration.ofMinutes(1));
        }
        return reactions;
    }

    /** What the controller did between two scrapes: passes, their time, the solver's share, API writes. */
    private static String passes(PrometheusScrape now, PrometheusScrape before) {
        double passes = delta(now, before, "meridian_scheduling_duration_seconds_count");
        double passSeconds = delta(now, before, "meridian_scheduling_duration_seconds_sum");
        double solveSeconds = delta(now, before, "meridian_solver_duration_seconds_sum");
        double writes = delta(now, before, "meridian_api_writes_total");
        double writeSeconds = delta(now, before, "meridian_api_write_duration_seconds_sum");
        return String.format(Locale.ROOT, "%.0f passes taking %.1f s (%.1f s validating, filtering, solving), %.0f writes "
                        + "of %.0f ms each on average", passes, passSeconds, solveSeconds, writes,
                writeSeconds * 1000 / Math.max(1, writes));
    }

    private static double delta(PrometheusScrape now, PrometheusScrape before, String sample) {
        return now.sum(sample) - (before == null ? 0 : before.sum(sample));
    }

    /** Nearest rank. */
    private static long percentile(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static void createAll(List<Callable<Void>> creates) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Void> created : pool.invokeAll(creates)) {
                created.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
