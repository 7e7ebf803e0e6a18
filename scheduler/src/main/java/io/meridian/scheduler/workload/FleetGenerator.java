package io.meridian.scheduler.workload;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingSpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates a synthetic fleet and placements as API objects, deterministic by seed: the
 * everyday mix ({@link MixedWorkload}) or the capacity-tight one ({@link TightWorkload}).
 * Profiles live in namespace {@value #FLEET_NAMESPACE}, placements in {@value #PLACEMENT_NAMESPACE},
 * to which every clusterset is bound.
 */
public final class FleetGenerator {

    public static final String FLEET_NAMESPACE = "fleet";
    public static final String PLACEMENT_NAMESPACE = "apps";
    public static final String CLUSTER_MANAGER = "open-cluster-management";
    public static final String KUBERNETES_VERSION = "v1.31.0";
    /** When the generated clusters' conditions last changed. */
    public static final OffsetDateTime SINCE = OffsetDateTime.of(2026, 11, 20, 8, 0, 0, 0, ZoneOffset.UTC);
    public static final List<String> REGIONS = List.of("eu-west", "eu-central", "us-east", "us-west", "ap-south");
    public static final List<String> CLUSTER_SETS = List.of("prod", "staging", "edge");
    public static final String LOCATION = "location";
    public static final String CPU = "cpu";
    public static final String MEMORY = "memory";
    public static final String TIER_LABEL = "tier";
    public static final int TIERS = 50;
    static final int MAX_CPU = 128;

    private FleetGenerator() {
    }

    public static Workload generate(WorkloadSpec spec) {
        if (spec.tight()) {
            return TightWorkload.generate(spec);
        }
        return new Workload(spec, MixedWorkload.profiles(spec.clusters(), spec.seed(), Set.of()),
                MixedWorkload.placements(spec.placements(), spec.clusters(), spec.seed()), bindings(), Map.of());
    }

    public static String clusterName(int index) {
        return "cluster-%05d".formatted(index);
    }

    public static String placementName(int index) {
        return "placement-%05d".formatted(index);
    }

    /** Every clusterset bound to the placements' namespace. */
    public static List<ClusterSetBinding> bindings() {
        return CLUSTER_SETS.stream().map(clusterSet -> new ClusterSetBinding(ClusterSetBinding.API_VERSION,
                ClusterSetBinding.KIND, new V1ObjectMeta().namespace(PLACEMENT_NAMESPACE).name(clusterSet)
                .uid(PLACEMENT_NAMESPACE + "-" + clusterSet).generation(1L),
                new ClusterSetBindingSpec(clusterSet), null)).toList();
    }

    /** A new Placement (generation 1, no status) with a uid unique to the seed, as the API server gives one per object. */
    static Placement placement(int index, PlacementSpec spec, long seed) {
        String name = placementName(index);
        return new Placement(Placement.API_VERSION, Placement.KIND, new V1ObjectMeta().namespace(PLACEMENT_NAMESPACE)
                .name(name).generation(1L).uid(seed + "-" + name), spec, null);
    }

    /**
     * A cluster with a region, clusterset, CPU and memory size and tier label, drawn from the
     * random source in a fixed order so that the same seed gives the same fleet.
     */
    static ProfileBuilder describedCluster(String name, Random random) {
        return new ProfileBuilder(name)
                .location(REGIONS.get(random.nextInt(REGIONS.size())))
                .clusterSet(CLUSTER_SETS.get(random.nextInt(CLUSTER_SETS.size())))
                .property(CPU, Integer.toString(8 * (1 + random.nextInt(MAX_CPU / 8))))
                .property(MEMORY, (32 * (1 + random.nextInt(16))) + "Gi")
                .label(TIER_LABEL, "t" + random.nextInt(TIERS));
    }
}
