package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.config.KubernetesConfiguration;
import io.meridian.scheduler.config.MeridianProperties;
import io.meridian.scheduler.decision.DecisionSlicer;
import io.meridian.scheduler.decision.StatusBuilder;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.kubeclient.ClusterConnection;
import io.meridian.scheduler.scheduling.FleetScheduler;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.KubeApiServer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The write floor of a fleet: the statuses and PlacementDecision slices the controller would
 * write on a fresh install, computed offline with the controller's own configuration and
 * scheduler, then written straight to the API server with the controller's client, verbs
 * ({@link ApplyClient}) and write concurrency, with nothing else going on. No controller can
 * publish the same decisions faster than that.
 *
 * <p>The writes go to copies of the Placements in a namespace of their own, which is emptied
 * afterwards, so the controller measured next starts from the untouched Placements as a user's
 * fresh install does: no status, no slices, nothing in managedFields.
 */
final class WriteFloor {

    /**
     * @param statuses  statuses written; {@code slices} PlacementDecisions written
     * @param serverCpu CPU time kube-apiserver and etcd spent meanwhile
     * @param flips     the reaction floor
     */
    record Result(Duration took, int statuses, int slices, long statusBytes, long writeNanos, Duration serverCpu,
                  Flips flips) {
    }

    /**
     * @param millis    per flip, the time from the first write until the last one was answered
     * @param writes    statuses and slices written over all flips
     * @param serverCpu CPU time kube-apiserver and etcd spent over all flips
     */
    record Flips(List<Long> millis, int writes, Duration serverCpu) {
    }

    /** A Placement's copy with what was last written for it. */
    private static final class Copy {
        final Placement placement;
        PlacementStatus status;
        List<PlacementDecision> slices;

        Copy(Placement placement, PlacementStatus status, List<PlacementDecision> slices) {
            this.placement = placement;
            this.status = status;
            this.slices = slices;
        }
    }

    private final KubeApiServer apiServer;
    private final ClusterObjects objects;
    private final CustomObjectsApi custom;

    WriteFloor(KubeApiServer apiServer) {
        this.apiServer = apiServer;
        this.objects = new ClusterObjects(apiServer.client());
        this.custom = new CustomObjectsApi(apiServer.client());
    }

    /**
     * @param placements the fleet's Placements as created elsewhere; copied into {@code namespace}
     * @param namespace  a namespace the controller will not see anything in once this returns
     * @param flips      clusters to take out for the reaction floor, busiest first
     * @param betweenFlips waits until the last flip's writes have been seen, before the next
     */
    Result measure(List<ClusterProfile> profiles, List<Placement> placements, String namespace, int flips,
                   Runnable betweenFlips) throws Exception {
        MeridianProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "meridian.kubeconfig", apiServer.kubeconfig().toString()))).bindOrCreate("meridian", MeridianProperties.class);
        ApiClient client = new KubernetesConfiguration().apiClient(properties,
                new StaticListableBeanFactory().getBeanProvider(ClusterConnection.class));
        ApplyClient apply = new ApplyClient(client);
        objects.namespace(namespace, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(properties.writeConcurrency());
        try {
            run(pool, placements.stream().<Callable<Void>>map(p -> () -> {
                objects.create(new Placement(p.apiVersion(), p.kind(), new V1ObjectMeta().namespace(namespace)
                        .name(p.metadata().getName()), p.spec(), null));
                return null;
            }).toList());
            List<Placement> copies = objects.placements().stream()
                    .filter(p -> namespace.equals(p.metadata().getNamespace())).toList();

            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Map<String, PlacementOutcome> outcomes = new FleetScheduler(properties.scheduling().options())
                    .schedule(new FactMapper(properties.fleet().options()).fleet(profiles, Map.of()), copies, now);
            StatusBuilder statusBuilder = new StatusBuilder();
            DecisionSlicer slicer = new DecisionSlicer();
            OffsetDateTime time = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
            List<Callable<Void>> writes = new ArrayList<>();
            List<Copy> written = new ArrayList<>();
            AtomicLong writeNanos = new AtomicLong();
            int slices = 0;
            long statusBytes = 0;
            for (Placement placement : copies) {
                PlacementOutcome outcome = outcomes.get(placement.key());
                PlacementStatus status = statusBuilder.build(outcome, null, placement.metadata().getGeneration(), time);
                List<PlacementDecision> desired = slicer.slices(placement, outcome.decisions(), List.of());
                slices += desired.size();
                written.add(new Copy(placement, status, desired));
                statusBytes += io.meridian.api.ApiJson.gson().toJson(status).length();
                writes.add(() -> { // slices first, then the status, with the verbs the controller uses for them
                    long start = System.nanoTime();
                    for (PlacementDecision slice : desired) {
                        apply.create(slice);
                    }
                    apply.applyStatus(placement, status);
                    writeNanos.addAndGet(System.nanoTime() - start);
                    return null;
                });
            }
            Duration cpuBefore = apiServer.cpuTime();
            long start = System.nanoTime();
            run(pool, writes);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            Duration serverCpu = apiServer.cpuTime().minus(cpuBefore);
            betweenFlips.run();
            Flips reactions = flips(pool, apply, written, flips, betweenFlips);

            deleteAll(custom, PlacementDecision.GROUP, PlacementDecision.VERSION, namespace, PlacementDecision.PLURAL);
            deleteAll(custom, Placement.GROUP, Placement.VERSION, namespace, Placement.PLURAL);
            return new Result(took, copies.size(), slices, statusBytes, writeNanos.get(), serverCpu, reactions);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The reaction floor: the clusters the most placements selected are taken out one after
     * another, and the statuses and slices of the placements that selected each are written again
     * without it, with the verbs and concurrency of a health flip's pass (the slices that differ
     * applied, then the status). A controller must also notice the change, decide and record
     * Events; this is the writing alone, and a placement that only loses a cluster writes no more
     * than one that moves.
     */
    private Flips flips(ExecutorService pool, ApplyClient apply, List<Copy> written, int flips, Runnable betweenFlips)
            throws Exception {
        List<String> busiest = busiest(written.stream().map(c -> c.status.decisions().stream()
                .map(d -> d.clusterProfileRef().toString()).toList()), flips);
        DecisionSlicer slicer = new DecisionSlicer();
        List<Long> millis = new ArrayList<>();
        int count = 0;
        Duration cpuBefore = apiServer.cpuTime();
        for (String cluster : busiest) {
            List<Callable<Void>> writes = new ArrayList<>();
            for (Copy copy : written) {
                List<Decision> kept = copy.status.decisions().stream()
                        .filter(d -> !d.clusterProfileRef().toString().equals(cluster)).toList();
                if (kept.size() == copy.status.decisions().size()) {
                    continue;
                }
                PlacementStatus last = copy.status;
                PlacementStatus status = new PlacementStatus(last.observedGeneration(), kept.size(), kept,
                        last.conditions(), last.unselectedClusters(), last.numberOfUnselectedClusters(),
                        last.decisionGroups());
                List<PlacementDecision> slices = slicer.slices(copy.placement, kept, copy.slices);
                Map<String, PlacementDecision> before = copy.slices.stream()
                        .collect(Collectors.toMap(slice -> slice.metadata().getName(), slice -> slice));
                List<PlacementDecision> changed = slices.stream()
                        .filter(slice -> !SliceWriter.sameSlice(slice, before.get(slice.metadata().getName()))).toList();
                copy.status = status;
                copy.slices = slices;
                count += changed.size() + 1;
                writes.add(() -> {
                    for (PlacementDecision slice : changed) {
                        apply.apply(slice);
                    }
                    apply.applyStatus(copy.placement, status);
                    return null;
                });
            }
            long start = System.nanoTime();
            run(pool, writes);
            millis.add((System.nanoTime() - start) / 1_000_000);
            betweenFlips.run();
        }
        return new Flips(millis, count, apiServer.cpuTime().minus(cpuBefore));
    }

    /**
     * The clusters the most placements selected, most first, ties by name.
     *
     * @param selections each placement's selected clusters, as {@code namespace/name}
     */
    static List<String> busiest(Stream<List<String>> selections, int count) {
        Map<String, Integer> load = new TreeMap<>();
        selections.forEach(clusters -> clusters.forEach(cluster -> load.merge(cluster, 1, Integer::sum)));
        return load.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(count).map(Map.Entry::getKey).toList();
    }

    /**
     * Deletes every object of the kind in the namespace. With tens of thousands of objects one
     * delete-collection outlasts the API server's request timeout (504) while it goes on deleting,
     * so it is asked again until none is left.
     */
    private static void deleteAll(CustomObjectsApi custom, String group, String version, String namespace,
                                  String plural) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                custom.deleteCollectionNamespacedCustomObject(group, version, namespace, plural).execute();
            } catch (io.kubernetes.client.openapi.ApiException e) {
                if (e.getCode() != 504 || attempt >= 20) {
                    throw e;
                }
            }
            Object left = custom.listNamespacedCustomObject(group, version, namespace, plural).limit(1).execute();
            if (((Map<?, ?>) left).get("items") instanceof List<?> items && items.isEmpty()) {
                return;
            }
        }
    }

    private static void run(ExecutorService pool, List<Callable<Void>> tasks) throws Exception {
        for (Future<Void> done : pool.invokeAll(tasks)) {
            done.get();
        }
    }
}
