package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.PlacementDecision;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
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

    /** @param statuses statuses written; {@code slices} PlacementDecisions written */
    /** @param serverCpu CPU time kube-apiserver and etcd spent meanwhile */
    record Result(Duration took, int statuses, int slices, long statusBytes, long writeNanos, Duration serverCpu) {
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
     */
    Result measure(List<ClusterProfile> profiles, List<Placement> placements, String namespace) throws Exception {
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
            AtomicLong writeNanos = new AtomicLong();
            int slices = 0;
            long statusBytes = 0;
            for (Placement placement : copies) {
                PlacementOutcome outcome = outcomes.get(placement.key());
                PlacementStatus status = statusBuilder.build(outcome, null, placement.metadata().getGeneration(), time);
                List<PlacementDecision> desired = slicer.slices(placement, outcome.decisions(), List.of());
                slices += desired.size();
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

            custom.deleteCollectionNamespacedCustomObject(PlacementDecision.GROUP, PlacementDecision.VERSION, namespace,
                    PlacementDecision.PLURAL).execute();
            custom.deleteCollectionNamespacedCustomObject(Placement.GROUP, Placement.VERSION, namespace,
                    Placement.PLURAL).execute();
            return new Result(took, copies.size(), slices, statusBytes, writeNanos.get(), serverCpu);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(ExecutorService pool, List<Callable<Void>> tasks) throws Exception {
        for (Future<Void> done : pool.invokeAll(tasks)) {
            done.get();
        }
    }
}
