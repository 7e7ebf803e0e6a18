package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import io.meridian.api.ApiJson;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementList;
import io.meridian.scheduler.testing.LogCapture;
import io.meridian.scheduler.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One Placement the model cannot decode (an int field beyond int32) is left out of lists and
 * watches alone. The API server here is a canned one; InformerResilienceIT runs the informers
 * against a real one.
 */
class DecodingListerWatcherTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    private final LogCapture logs = LogCapture.of(UndecodableObjects.class);
    private HttpServer server;
    private String list;
    private List<String> events;
    private DecodingListerWatcher<Placement, PlacementList> listerWatcher;

    private static String placement(String name, String version, long maxSkew) {
        return """
                {"apiVersion": "scheduling.meridian.io/v1alpha1", "kind": "Placement",
                 "metadata": {"name": "%s", "namespace": "apps", "resourceVersion": "%s"},
                 "spec": {"placementType": "PickN", "numberOfClusters": 1,
                          "topologySpread": {"topologyKey": "location", "maxSkew": %d}}}
                """.formatted(name, version, maxSkew).replace("\n", " ");
    }

    private static String event(String type, String object) {
        return "{\"type\": \"" + type + "\", \"object\": " + object + "}";
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/apis/scheduling.meridian.io/v1alpha1/placements", exchange -> {
            boolean watch = exchange.getRequestURI().getQuery().contains("watch=true");
            byte[] body = (watch ? String.join("\n", events) + "\n" : list).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        ApiClient client = new ApiClient().setBasePath("http://127.0.0.1:" + server.getAddress().getPort());
        InformerHealth health = new InformerHealth(Duration.ofSeconds(60),
                new ApiConnectivity(client.getBasePath(), clock), clock);
        listerWatcher = new DecodingListerWatcher<>(client, FleetInformers.PLACEMENTS, "", ApiJson.gson(),
                new UndecodableObjects(Placement.KIND, ApiJson.gson(), new ControllerMetrics(registry)), health.track(Placement.KIND));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        logs.close();
    }

    private double undecodable() {
        return registry.counter("meridian.undecodable.objects", "kind", Placement.KIND).count();
    }

    @Test
    void aListLeavesOutOnlyWhatCannotBeDecodedAndReportsItOnce() throws Exception {
        list = "{\"apiVersion\": \"v1\", \"kind\": \"PlacementList\", \"metadata\": {\"resourceVersion\": \"7\"}, \"items\": ["
                + String.join(",", placement("a", "1", 1), placement("b", "2", 4_294_967_298L), placement("c", "3", 2))
                + "]}";

        PlacementList first = listerWatcher.list(new CallGeneratorParams(false, "0", null));
        PlacementList second = listerWatcher.list(new CallGeneratorParams(false, "7", null));

        assertThat(first.items()).extracting(p -> p.metadata().getName()).containsExactly("a", "c");
        assertThat(first.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(second.items()).hasSize(2);
        assertThat(undecodable()).isEqualTo(1);
        assertThat(logs.lines()).singleElement().asString()
                .startsWith("WARN Placement apps/b (resourceVersion 2) cannot be decoded and is left out until it changes")
                .contains("4294967298").contains("maxSkew");
    }

    @Test
    void onTheWatchAnUndecodableObjectIsADeletionOrJustABookmark() throws Exception {
        events = List.of(
                event("ADDED", placement("new", "10", 4_294_967_298L)),
                event("MODIFIED", placement("a", "11", 4_294_967_298L)),
                event("MODIFIED", placement("a", "12", 3)),
                event("DELETED", placement("b", "13", 4_294_967_298L)),
                event("ERROR", "{\"kind\": \"Status\", \"apiVersion\": \"v1\", \"code\": 410, \"reason\": \"Expired\"}"));

        List<String> seen = new ArrayList<>();
        try (Watchable<Placement> watch = listerWatcher.watch(new CallGeneratorParams(true, "7", 60))) {
            while (watch.hasNext()) {
                Watch.Response<Placement> event = watch.next();
                seen.add(event.type + " " + (event.object == null ? "status " + event.status.getCode()
                        : event.object.metadata().getName() + "@" + event.object.metadata().getResourceVersion()
                        + (event.object.spec() == null ? "" : " maxSkew " + event.object.spec().topologySpread().maxSkew())));
            }
        }

        assertThat(seen).containsExactly(
                "BOOKMARK new@10",
                "DELETED a@11",
                "MODIFIED a@12 maxSkew 3",
                "DELETED b@13",
                "ERROR status 410");
        assertThat(undecodable()).isEqualTo(2);
        assertThat(logs.lines()).satisfiesExactly(
                line -> assertThat(line).startsWith("WARN Placement apps/new (resourceVersion 10) cannot be decoded"),
                line -> assertThat(line).startsWith("WARN Placement apps/a (resourceVersion 11) cannot be decoded"),
                line -> assertThat(line).isEqualTo("INFO Placement apps/a is decodable again and taken into account"));
    }
}
