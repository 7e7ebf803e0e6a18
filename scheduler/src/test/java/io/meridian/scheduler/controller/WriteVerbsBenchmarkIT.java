package io.meridian.scheduler.controller;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.UnselectedCluster;
import io.meridian.scheduler.benchmark.FleetWorkload;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * What each way of writing a status or a PlacementDecision costs on a real kube-apiserver and
 * etcd: the same realistic statuses and slices (the benchmark fleet, scheduled offline) written
 * with each verb by the controller's client at the controller's write concurrency. For each: wall
 * time, CPU time of kube-apiserver and etcd per write (what a loaded machine blurs least), and
 * bytes sent and received per write. Also whether a status written by JSON merge patch is still
 * owned by Meridian's field manager alone, as {@link PreviousDecision} requires.
 *
 * <p>{@code ./mvnw -B -Pbenchmark verify -pl scheduler -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=WriteVerbsBenchmarkIT -Dverbs.placements=500}
 */
@Tag("benchmark")
class WriteVerbsBenchmarkIT {

    private static final int PLACEMENTS = Integer.getInteger("verbs.placements", 500);
    private static final int CLUSTERS = 1000;
    private static final int ROUNDS = Integer.getInteger("verbs.rounds", 2);
    private static final long SEED = 42;
    private static final List<String> STATUS_FIELDS = List.of("observedGeneration", "numberOfSelectedClusters",
            "decisions", "conditions", "unselectedClusters", "numberOfUnselectedClusters");

    /**
     * The controller's writes as they were before they asked for {@link ApplyClient#FIELD_VALIDATION}:
     * with the API server's default, Warn, which parses an apply body a second time.
     */
    private static final Interceptor SERVER_DEFAULT_VALIDATION = chain -> chain.proceed(chain.request().newBuilder()
            .url(chain.request().url().newBuilder().setQueryParameter("fieldValidation", "Warn").build()).build());

    /** Bytes on the wire, counted by a network interceptor of the client. */
    private static final class Bytes implements Interceptor {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        @Override
        public Response intercept(Chain chain) throws java.io.IOException {
            if (chain.request().body() != null) {
                okio.Buffer body = new okio.Buffer();
                chain.request().body().writeTo(body);
                sent.addAndGet(body.size());
            }
            Response response = chain.proceed(chain.request());
            long length = response.body() == null ? 0 : response.body().contentLength();
            received.addAndGet(length >= 0 ? length : response.peekBody(Long.MAX_VALUE).contentLength());
            return response;
        }
    }

    private record Writer(ApiClient client, CustomObjectsApi custom, ApplyClient apply, Bytes bytes) {
    }

    private record Copy(Placement placement, PlacementStatus status, List<PlacementDecision> slices) {
    }

    private KubeApiServer apiServer;
    private ClusterObjects objects;
    private Map<String, PlacementOutcome> outcomes;
    private MeridianProperties properties;
    private final List<String> rows = new ArrayList<>();

    @Test
    void statusAndSliceVerbs() throws Exception {
        try (KubeApiServer server = KubeApiServer.start()) {
            apiServer = server;
            objects = new ClusterObjects(server.client());
            properties = new Binder(new MapConfigurationPropertySource(Map.of(
                    "meridian.kubeconfig", server.kubeconfig().toString()))).bindOrCreate("meridian", MeridianProperties.class);
            List<Placement> placements = FleetWorkload.placements(PLACEMENTS, CLUSTERS, SEED);
            outcomes = new FleetScheduler(properties.scheduling().options()).schedule(new FactMapper(
                    properties.fleet().options()).fleet(FleetWorkload.profiles(CLUSTERS, SEED, Set.of()), Map.of()),
                    placements, Instant.now());
            Writer http2 = writer(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
            Writer http11 = writer(List.of(Protocol.HTTP_1_1));
            Writer warning = writer(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1), SERVER_DEFAULT_VALIDATION);

            // A warm-up, so that no verb pays for the API server's first requests of a kind.
            List<Copy> warmUp = copies("warm-up", placements.subList(0, Math.min(200, placements.size())), s -> s);
            measure("warm-up", http2, warmUp, (w, c) -> w.apply().applyStatus(c.placement(), c.status()));
            measure("warm-up", http2, warmUp, (w, c) -> mergeStatus(w, c.placement(), changed(c.status())));
            measure("warm-up", http2, warmUp, (w, c) -> {
                for (PlacementDecision slice : c.slices()) {
                    w.apply().apply(slice);
                }
            });
            rows.clear();
            for (int round = 1; round <= ROUNDS; round++) {
                rounds(round, placements, http2, http11, warning);
            }
            Placement mergedOne = objects.placement("merged-1", placements.get(0).metadata().getName());
            boolean soleOwner = FieldOwnership.soleOwner(mergedOne.metadata(), ApplyClient.FIELD_MANAGER, "status",
                    List.of("observedGeneration", "decisions"));
            System.out.printf("%n=== writes of %d placements' statuses and slices, %d at a time ===%n", PLACEMENTS,
                    properties.writeConcurrency());
            System.out.printf("%-68s %7s %8s %10s %11s %9s%n", "verb", "writes", "wall s", "writes/s", "server CPU ms",
                    "sent B");
            rows.stream().sorted().forEach(System.out::println);
            System.out.printf("%nstatus written by JSON merge patch owned by %s alone: %s%n", ApplyClient.FIELD_MANAGER,
                    soleOwner);
        }
    }

    /** Each verb once on fresh copies, in an order that alternates between rounds. */
    private void rounds(int round, List<Placement> placements, Writer http2, Writer http11, Writer warning)
            throws Exception {
        List<Copy> applied = copies("applied-" + round, placements, s -> s);
        List<Copy> merged = copies("merged-" + round, placements, s -> s);
        List<Copy> lean = copies("lean-" + round, placements, s -> new PlacementStatus(s.observedGeneration(),
                s.numberOfSelectedClusters(), s.decisions(), s.conditions(), null, s.numberOfUnselectedClusters()));
        List<Copy> overHttp11 = copies("http11-" + round, placements, s -> s);
        List<Copy> warned = copies("warned-" + round, placements, s -> s);
        List<Runnable> firstWrites = new ArrayList<>(List.of(
                () -> measure("status: server-side apply, first write", http2, applied,
                        (w, c) -> w.apply().applyStatus(c.placement(), c.status())),
                () -> measure("status: JSON merge patch, first write", http2, merged,
                        (w, c) -> mergeStatus(w, c.placement(), c.status())),
                () -> measure("status without unselectedClusters: server-side apply", http2, lean,
                        (w, c) -> w.apply().applyStatus(c.placement(), c.status())),
                () -> measure("status: server-side apply over HTTP/1.1", http11, overHttp11,
                        (w, c) -> w.apply().applyStatus(c.placement(), c.status())),
                () -> measure("status: server-side apply, fieldValidation=Warn, first write", warning, warned,
                        (w, c) -> w.apply().applyStatus(c.placement(), c.status()))));
        List<Runnable> changes = new ArrayList<>(List.of(
                () -> measure("status: server-side apply, one reason changed", http2, applied,
                        (w, c) -> w.apply().applyStatus(c.placement(), changed(c.status()))),
                () -> measure("status: JSON merge patch, one reason changed", http2, merged,
                        (w, c) -> mergeStatus(w, c.placement(), changed(c.status()))),
                () -> measure("status: server-side apply, fieldValidation=Warn, one reason changed", warning, warned,
                        (w, c) -> w.apply().applyStatus(c.placement(), changed(c.status())))));
        List<Runnable> newSlices = new ArrayList<>(List.of(
                () -> measure("slice: create", http2, applied, (w, c) -> {
                    for (PlacementDecision slice : c.slices()) {
                        w.custom().createNamespacedCustomObject(PlacementDecision.GROUP, PlacementDecision.VERSION,
                                        slice.metadata().getNamespace(), PlacementDecision.PLURAL,
                                        ApiJson.gson().toJsonTree(slice))
                                .fieldManager(ApplyClient.FIELD_MANAGER).execute();
                    }
                }),
                () -> measure("slice: server-side apply, new", http2, merged, (w, c) -> {
                    for (PlacementDecision slice : c.slices()) {
                        w.apply().apply(slice);
                    }
                })));
        List<Runnable> changedSlices = new ArrayList<>(List.of(
                () -> measure("slice: server-side apply, one cluster fewer", http2, merged, (w, c) -> {
                    for (PlacementDecision slice : c.slices()) {
                        w.apply().apply(fewer(slice));
                    }
                }),
                () -> measure("slice: JSON merge patch, one cluster fewer", http2, applied, (w, c) -> {
                    for (PlacementDecision slice : c.slices()) {
                        mergeSlice(w, fewer(slice));
                    }
                })));
        for (List<Runnable> group : List.of(firstWrites, changes, newSlices, changedSlices)) {
            if (round % 2 == 0) {
                java.util.Collections.reverse(group);
            }
            group.forEach(Runnable::run);
        }
    }

    private interface Write {
        void write(Writer writer, Copy copy) throws Exception;
    }

    private void measure(String verb, Writer writer, List<Copy> copies, Write write) {
        try {
            time(verb, writer, copies, write);
        } catch (Exception e) {
            throw new IllegalStateException(verb, e);
        }
    }

    private void time(String verb, Writer writer, List<Copy> copies, Write write) throws Exception {
        writer.bytes().sent.set(0);
        writer.bytes().received.set(0);
        int writes = copies.stream().mapToInt(c -> verb.startsWith("slice") ? c.slices().size() : 1).sum();
        Duration cpuBefore = apiServer.cpuTime();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(properties.writeConcurrency());
        try {
            for (Future<Void> done : pool.invokeAll(copies.stream().<Callable<Void>>map(c -> () -> {
                write.write(writer, c);
                return null;
            }).toList())) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpuMs = apiServer.cpuTime().minus(cpuBefore).toNanos() / 1e6;
        rows.add(String.format(Locale.ROOT, "%-68s %7d %8.2f %10.0f %11.2f %9d   received %d B", verb, writes, wall,
                writes / wall, cpuMs / writes, writer.bytes().sent.get() / writes, writer.bytes().received.get() / writes));
    }

    /** The controller's client, counting bytes, speaking these protocols. */
    private Writer writer(List<Protocol> protocols) {
        return writer(protocols, chain -> chain.proceed(chain.request()));
    }

    /** The same, with each request passed through {@code rewrite} on its way. */
    private Writer writer(List<Protocol> protocols, Interceptor rewrite) {
        ApiClient client = new KubernetesConfiguration().apiClient(properties,
                new StaticListableBeanFactory().getBeanProvider(ClusterConnection.class));
        Bytes bytes = new Bytes();
        client.setHttpClient(client.getHttpClient().newBuilder().protocols(protocols).addInterceptor(rewrite)
                .addNetworkInterceptor(bytes).build());
        return new Writer(client, new CustomObjectsApi(client), new ApplyClient(client), bytes);
    }


    /** The Placements again in a namespace of their own, with what the controller would write for them. */
    private List<Copy> copies(String namespace, List<Placement> placements, Function<PlacementStatus, PlacementStatus> status)
            throws Exception {
        objects.namespace(namespace, Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Void> done : pool.invokeAll(placements.stream().<Callable<Void>>map(p -> () -> {
                objects.create(new Placement(p.apiVersion(), p.kind(), new V1ObjectMeta().namespace(namespace)
                        .name(p.metadata().getName()), p.spec(), null));
                return null;
            }).toList())) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        List<Copy> copies = new ArrayList<>();
        for (Placement copy : objects.placements()) {
            if (namespace.equals(copy.metadata().getNamespace())) {
                PlacementOutcome outcome = outcomes.get("apps/" + copy.metadata().getName());
                copies.add(new Copy(copy, status.apply(new StatusBuilder().build(outcome, null,
                        copy.metadata().getGeneration(), now)), new DecisionSlicer().slices(copy, outcome.decisions(), List.of())));
            }
        }
        return copies;
    }

    /** A status refresh such as a health flip elsewhere causes: one reason of unselectedClusters reads differently. */
    private static PlacementStatus changed(PlacementStatus status) {
        List<UnselectedCluster> unselected = status.unselectedClusters() == null ? List.of() : status.unselectedClusters();
        List<UnselectedCluster> edited = new ArrayList<>(unselected);
        if (!edited.isEmpty()) {
            edited.set(0, new UnselectedCluster(edited.get(0).clusterProfileRef(), "unhealthy: ControlPlaneHealthy is False"));
        } else {
            edited.add(new UnselectedCluster(new io.meridian.api.inventory.ClusterProfileRef("fleet", "cluster-00000"),
                    "unhealthy: ControlPlaneHealthy is False"));
        }
        return new PlacementStatus(status.observedGeneration(), status.numberOfSelectedClusters(), status.decisions(),
                status.conditions(), edited, status.numberOfUnselectedClusters());
    }

    private static PlacementDecision fewer(PlacementDecision slice) {
        List<ClusterDecision> decisions = slice.decisions().size() > 1
                ? slice.decisions().subList(1, slice.decisions().size()) : List.of();
        return new PlacementDecision(slice.apiVersion(), slice.kind(), slice.metadata(), decisions, slice.schedulerName());
    }

    /**
     * The whole status as a JSON merge patch: lists are replaced, and each top-level field the
     * status leaves out is set to null, so what Meridian no longer says is removed as an apply would.
     */
    private static void mergeStatus(Writer writer, Placement placement, PlacementStatus status) throws Exception {
        JsonObject fields = ApiJson.gson().toJsonTree(status).getAsJsonObject();
        JsonObject patch = new JsonObject();
        JsonObject body = new JsonObject();
        for (String field : STATUS_FIELDS) {
            body.add(field, fields.has(field) ? fields.get(field) : JsonNull.INSTANCE);
        }
        patch.add("status", body);
        String json = ApiJson.gson().newBuilder().serializeNulls().create().toJson(patch);
        PatchUtils.patch(Object.class, () -> writer.custom().patchNamespacedCustomObjectStatus(Placement.GROUP,
                        Placement.VERSION, placement.metadata().getNamespace(), Placement.PLURAL,
                        placement.metadata().getName(), new V1Patch(json)).fieldManager(ApplyClient.FIELD_MANAGER)
                .buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, writer.client());
    }

    private static void mergeSlice(Writer writer, PlacementDecision slice) throws Exception {
        JsonObject patch = new JsonObject();
        patch.add("decisions", ApiJson.gson().toJsonTree(slice.decisions()));
        PatchUtils.patch(Object.class, () -> writer.custom().patchNamespacedCustomObject(PlacementDecision.GROUP,
                        PlacementDecision.VERSION, slice.metadata().getNamespace(), PlacementDecision.PLURAL,
                        slice.metadata().getName(), new V1Patch(patch.toString())).fieldManager(ApplyClient.FIELD_MANAGER)
                .buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, writer.client());
    }
}
