package io.meridian.scheduler.benchmark;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.TopologySpread;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.Placements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded, realistic fleet and placement mix: five regions, three clustersets, a few unhealthy
 * and not-joined clusters; PickN with preferences, predicates, sorters and spread, PickAll over a
 * label, PickFixed. The same seed always gives the same workload.
 */
public final class FleetWorkload {

    static final List<String> REGIONS = List.of("eu-west", "eu-central", "us-east", "us-west", "ap-south");
    public static final List<String> CLUSTER_SETS = List.of("prod", "staging", "edge");
    static final int TIERS = 50;

    private FleetWorkload() {
    }

    public static String clusterName(int i) {
        return "cluster-%05d".formatted(i);
    }

    /** @param unhealthy names of clusters to report with ControlPlaneHealthy False (besides the seeded ones) */
    public static List<ClusterProfile> profiles(int count, long seed, Set<String> unhealthy) {
        Random random = new Random(seed);
        List<ClusterProfile> profiles = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = clusterName(i);
            double roll = random.nextDouble();
            Profiles profile = Profiles.profile(name)
                    .location(REGIONS.get(random.nextInt(REGIONS.size())))
                    .clusterSet(CLUSTER_SETS.get(random.nextInt(CLUSTER_SETS.size())))
                    .property("cpu", Integer.toString(8 * (1 + random.nextInt(16))))
                    .property("memory", (32 * (1 + random.nextInt(16))) + "Gi")
                    .label("tier", "t" + random.nextInt(TIERS));
            if (roll < 0.02 || unhealthy.contains(name)) {
                profile.healthy("False");
            } else if (roll < 0.03) {
                profile.joined("False");
            }
            profiles.add(profile.build());
        }
        return profiles;
    }

    public static Fleet fleet(List<ClusterProfile> profiles) {
        return new FactMapper(FleetOptions.defaults()).fleet(profiles, Map.of());
    }

    public static List<Placement> placements(int count, int clusters, long seed) {
        Random random = new Random(seed);
        List<Placement> placements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = "placement-%05d".formatted(i);
            double kind = random.nextDouble();
            PlacementSpec spec;
            if (kind < 0.7) {
                spec = pickN(random);
            } else if (kind < 0.9) {
                spec = new PlacementSpec("PickAll", null, null, null, null,
                        java.util.List.of(new ClusterSelectorTerm(new V1LabelSelector().putMatchLabelsItem("tier", "t" + random.nextInt(TIERS)),
                                null, null)), null, null, null);
            } else {
                List<String> names = new ArrayList<>();
                for (int n = 1 + random.nextInt(3); names.size() < n; ) {
                    String cluster = "fleet/" + clusterName(random.nextInt(clusters));
                    if (!names.contains(cluster)) {
                        names.add(cluster);
                    }
                }
                spec = new PlacementSpec("PickFixed", null, names, null, null, null, null, null, null);
            }
            Placement placement = Placements.placement(name, spec);
            placement.metadata().uid(seed + "-" + name); // unique per spec, as the API server gives it
            placements.add(placement);
        }
        return placements;
    }

    private static PlacementSpec pickN(Random random) {
        int n = 1 + random.nextInt(5);
        List<String> regions = new ArrayList<>(REGIONS);
        Collections.shuffle(regions, random);
        List<String> clusterSets = random.nextDouble() < 0.3
                ? List.of(CLUSTER_SETS.get(random.nextInt(CLUSTER_SETS.size()))) : null;
        PropertySelector selector = random.nextDouble() < 0.3
                ? new PropertySelector(List.of(new PropertyRequirement("cpu", "Ge",
                List.of(Integer.toString(8 * (1 + random.nextInt(8))))))) : null;
        List<PropertySorter> sorters = random.nextDouble() < 0.2
                ? List.of(new PropertySorter("memory", "Descending", 1)) : null;
        TopologySpread spread = n > 1 && random.nextDouble() < 0.2 ? new TopologySpread("location", 1) : null;
        return new PlacementSpec("PickN", n, null, null, clusterSets,
                selector == null ? null : java.util.List.of(new ClusterSelectorTerm(null, selector, null)),
                new Preferences(regions.subList(0, 2), null, sorters), spread, null);
    }
}
