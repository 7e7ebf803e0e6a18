package io.meridian.scheduler.testing;

import static io.meridian.scheduler.fleet.Profiles.profile;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.Preferences;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.Profiles;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The fleet the controller tests run against: a real API server with the namespaces {@code fleet}
 * (ClusterProfiles, all in clusterset {@code prod}) and {@code apps} (Placements, with {@code prod}
 * bound to it) and six profiles: eu-1, eu-2, us-1, us-2, ap-1 (with a garbage cpu property) and odd
 * (no health, not joined, no version).
 */
public final class TestFleet {

    private TestFleet() {
    }

    public static KubeApiServer start() throws Exception {
        KubeApiServer apiServer = KubeApiServer.start();
        ClusterObjects cluster = new ClusterObjects(apiServer.client());
        namespaces(cluster);
        for (Profiles profile : List.of(
                profile("eu-1").location("eu").clusterSet("prod"),
                profile("eu-2").location("eu").clusterSet("prod"),
                profile("us-1").location("us").clusterSet("prod"),
                profile("us-2").location("us").clusterSet("prod"),
                profile("ap-1").location("ap").clusterSet("prod").property("cpu", "garbage"),
                profile("odd").withoutHealth().withoutJoined().version(null))) {
            cluster.create(profile.build());
        }
        return apiServer;
    }

    /**
     * The namespaces {@code fleet}, whose label puts every profile in it into clusterset {@code prod}
     * (unless the profile names another), and {@code apps}, to which a ClusterSetBinding binds
     * {@code prod}: with tenancy in its default mode, the Placements in {@code apps} see the fleet.
     */
    public static void namespaces(ClusterObjects cluster) throws ApiException {
        cluster.namespace("fleet", Map.of(FleetOptions.DEFAULT_CLUSTERSET_LABEL, "prod"));
        cluster.namespace("apps", Map.of());
        cluster.bind("apps", "prod");
    }

    /** The controller under test talks to this API server, with a short debounce. */
    public static void controllerProperties(DynamicPropertyRegistry registry, KubeApiServer apiServer) throws Exception {
        String kubeconfig = apiServer.kubeconfig().toString();
        registry.add("meridian.kubeconfig", () -> kubeconfig);
        registry.add("meridian.debounce", () -> "50ms");
        registry.add("meridian.leader-election.lease-namespace", () -> "default");
        registry.add("meridian.leader-election.identity", () -> "it-replica");
    }

    /** A Placement in {@code apps}. */
    public static Placement placement(String name, PlacementSpec spec) {
        return new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace("apps").name(name),
                spec, null);
    }

    public static PlacementSpec pickN(int n, String... locations) {
        return new PlacementSpec("PickN", n, null, null, null, null,
                new Preferences(List.of(locations), null, null), null, null);
    }

    public static PlacementSpec pickAll() {
        return new PlacementSpec("PickAll", null, null, null, null, null, null, null, null);
    }

    /** Names of the selected clusters, as the status lists them. */
    public static List<String> selected(Placement placement) {
        PlacementStatus status = placement.status();
        return status == null || status.decisions() == null ? List.of()
                : status.decisions().stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    /** {@code status/reason} of a condition, or {@code none}. */
    public static String condition(Placement placement, String type) {
        return placement.status().conditions().stream().filter(c -> type.equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse("none");
    }
}
