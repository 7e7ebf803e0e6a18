package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.scheduler.benchmark.FleetWorkload;
import io.meridian.scheduler.testing.ClusterObjects;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Users at work on a fleet: Placements created, edited (a new generation) and deleted in turn,
 * at a steady rate, each at its moment whether or not the calls before it have returned. Which
 * Placement is edited or deleted is drawn from a seed, among those whose creation has returned.
 */
final class PlacementChurn {

    /** @param last when the last operation returned */
    record Result(int operations, int failed, Duration took, Instant last) {
    }

    private final ClusterObjects objects;
    private final String namespace;
    private final int clusters;
    private final Random random;
    private final List<Placement> templates;
    /** Placements that exist, by name, with their spec as last written. */
    private final Map<String, PlacementSpec> alive = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<Instant> last = new AtomicReference<>(Instant.now());
    private final Map<String, Integer> edits = new HashMap<>();
    private int created;

    /** @param existing the Placements in {@code namespace} now, which may be edited and deleted too */
    PlacementChurn(ClusterObjects objects, String namespace, List<Placement> existing, int clusters, long seed) {
        this.objects = objects;
        this.namespace = namespace;
        this.clusters = clusters;
        this.random = new Random(seed);
        this.templates = FleetWorkload.placements(1000, clusters, seed);
        existing.forEach(p -> ready(p.metadata().getName(), p.spec()));
    }

    Result run(int perSecond, Duration duration) throws InterruptedException {
        int operations = (int) (perSecond * duration.toSeconds());
        ExecutorService callers = Executors.newFixedThreadPool(8);
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger issued = new AtomicInteger();
        long start = System.nanoTime();
        ticks.scheduleAtFixedRate(() -> {
            int n = issued.getAndIncrement();
            if (n < operations) {
                Call operation = next(n);
                callers.execute(() -> call(operation));
            }
        }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        while (issued.get() < operations) {
            Thread.sleep(20);
        }
        ticks.shutdownNow();
        callers.shutdown();
        callers.awaitTermination(5, TimeUnit.MINUTES);
        return new Result(operations, failed.get(), Duration.ofNanos(System.nanoTime() - start), last.get());
    }

    /** Create, edit, delete in turn; what to edit or delete is chosen now, on the tick. */
    private synchronized Call next(int n) {
        if (n % 3 == 0 || names.isEmpty()) {
            Placement template = templates.get(created % templates.size());
            String name = "churn-%05d".formatted(created++);
            return () -> {
                objects.create(new Placement(template.apiVersion(), template.kind(),
                        new V1ObjectMeta().namespace(namespace).name(name), template.spec(), null));
                ready(name, template.spec());
            };
        }
        String name = names.get(random.nextInt(names.size()));
        if (n % 3 == 1) {
            String patch = edit(name);
            return () -> objects.patchSpec(namespace, name, patch);
        }
        forget(name);
        return () -> objects.deletePlacement(namespace, name);
    }

    /** A change of the spec that the CRD accepts for its type and that gives a new generation. */
    private String edit(String name) {
        PlacementSpec spec = alive.get(name);
        int edits = this.edits.merge(name, 1, Integer::sum);
        return switch (spec.placementType()) {
            case "PickN" -> "{\"numberOfClusters\":" + (1 + (spec.numberOfClusters() - 1 + edits) % 5) + "}";
            case "PickFixed" -> "{\"clusterNames\":[\"fleet/" + FleetWorkload.clusterName(random.nextInt(clusters)) + "\"]}";
            default -> "{\"predicates\":{\"labelSelector\":{\"matchLabels\":{\"tier\":\"t" + random.nextInt(50) + "\"}}}}";
        };
    }

    private synchronized void ready(String name, PlacementSpec spec) {
        if (alive.put(name, spec) == null) {
            names.add(name);
        }
    }

    private synchronized void forget(String name) {
        alive.remove(name);
        int index = names.indexOf(name);
        names.set(index, names.get(names.size() - 1));
        names.remove(names.size() - 1);
    }

    private interface Call {
        void run() throws ApiException;
    }

    /** Runs an operation; one the API server refuses (a 404 after a race with a deletion, say) is counted. */
    private void call(Call operation) {
        try {
            operation.run();
        } catch (ApiException e) {
            failed.incrementAndGet();
        }
        Instant now = Instant.now();
        last.accumulateAndGet(now, (a, b) -> a.isAfter(b) ? a : b);
    }
}
