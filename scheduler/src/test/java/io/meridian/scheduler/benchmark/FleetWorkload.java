package io.meridian.scheduler.benchmark;

import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.workload.FleetGenerator;
import io.meridian.scheduler.workload.MixedWorkload;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The everyday mix of {@link MixedWorkload} for the controller benchmarks, by its old names. */
public final class FleetWorkload {

    public static final List<String> CLUSTER_SETS = FleetGenerator.CLUSTER_SETS;

    private FleetWorkload() {
    }

    public static String clusterName(int i) {
        return FleetGenerator.clusterName(i);
    }

    /** @param unhealthy names of clusters to report with ControlPlaneHealthy False (besides the seeded ones) */
    public static List<ClusterProfile> profiles(int count, long seed, Set<String> unhealthy) {
        return MixedWorkload.profiles(count, seed, unhealthy);
    }

    public static Fleet fleet(List<ClusterProfile> profiles) {
        return new FactMapper(FleetOptions.defaults()).fleet(profiles, Map.of());
    }

    public static List<Placement> placements(int count, int clusters, long seed) {
        return MixedWorkload.placements(count, clusters, seed);
    }
}
