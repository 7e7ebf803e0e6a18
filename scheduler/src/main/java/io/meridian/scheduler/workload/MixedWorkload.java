package io.meridian.scheduler.workload;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.TopologySpread;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The everyday mix: five regions, three clustersets, 2% unhealthy and 1% not-joined clusters, no
 * capacities; 70% PickN with location preferences and sometimes a clusterset, a CPU predicate, a
 * memory sorter or a location spread, 20% PickAll over a tier label, 10% PickFixed. The same seed
 * always gives the same workload.
 */
public final class MixedWorkload {

    private MixedWorkload() {
    }

    /** @param unhealthy names of clusters to report with ControlPlaneHealthy False (besides the seeded ones) */
    public static List<ClusterProfile> profiles(int count, long seed, Set<String> unhealthy) {
        Random random = new Random(seed);
        List<ClusterProfile> profiles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = FleetGenerator.clusterName(i);
            double roll = random.nextDouble();
            ProfileBuilder profile = FleetGenerator.describedCluster(name, random);
            if (roll < 0.02 || unhealthy.contains(name)) {
                profile.healthy("False");
            } else if (roll < 0.03) {
                profile.joined("False");
            }
            profiles.add(profile.build());
        }
        return profiles;
    }

    public static List<Placement> placements(int count, int clusters, long seed) {
        Random random = new Random(seed);
        List<Placement> placements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double kind = random.nextDouble();
            PlacementSpec spec;
            if (kind < 0.7) {
                spec = pickN(random);
            } else if (kind < 0.9) {
                spec = new PlacementSpec("PickAll", null, null, null, null,
                        List.of(new ClusterSelectorTerm(new V1LabelSelector()
                                .putMatchLabelsItem(FleetGenerator.TIER_LABEL, "t" + random.nextInt(FleetGenerator.TIERS)),
                                null, null)), null, null, null);
            } else {
                List<String> names = new ArrayList<>();
                for (int n = 1 + random.nextInt(3); names.size() < n; ) {
                    String cluster = FleetGenerator.FLEET_NAMESPACE + "/" + FleetGenerator.clusterName(random.nextInt(clusters));
                    if (!names.contains(cluster)) {
                        names.add(cluster);
                    }
                }
                spec = new PlacementSpec("PickFixed", null, names, null, null, null, null, null, null);
            }
            placements.add(FleetGenerator.placement(i, spec, seed));
        }
        return placements;
    }

    private static PlacementSpec pickN(Random random) {
        int n = 1 + random.nextInt(5);
        List<String> regions = new ArrayList<>(FleetGenerator.REGIONS);
        Collections.shuffle(regions, random);
        List<String> clusterSets = random.nextDouble() < 0.3
                ? List.of(FleetGenerator.CLUSTER_SETS.get(random.nextInt(FleetGenerator.CLUSTER_SETS.size()))) : null;
        PropertySelector selector = random.nextDouble() < 0.3
                ? new PropertySelector(List.of(new PropertyRequirement(FleetGenerator.CPU, "Ge",
                List.of(Integer.toString(8 * (1 + random.nextInt(8))))))) : null;
        List<PropertySorter> sorters = random.nextDouble() < 0.2
                ? List.of(new PropertySorter(FleetGenerator.MEMORY, "Descending", 1)) : null;
        TopologySpread spread = n > 1 && random.nextDouble() < 0.2
                ? new TopologySpread(FleetGenerator.LOCATION, 1) : null;
        return new PlacementSpec("PickN", n, null, null, clusterSets,
                selector == null ? null : List.of(new ClusterSelectorTerm(null, selector, null)),
                new Preferences(regions.subList(0, 2), null, sorters), spread, null);
    }
}
