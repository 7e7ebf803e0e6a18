package io.meridian.scheduler.workload;

import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PropertyRequirement;
import io.meridian.api.placement.PropertySelector;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.ResourceRequirements;
import io.meridian.api.placement.TopologySpread;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.ResourceProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A capacity-tight workload built around a known packing. Every placement is PickN with resource
 * requests (cpu and memory for each selected cluster) and is first given clusters that meet its own
 * predicates and spread (bigger clusters, by their cpu size, take more); each cluster's allocatable
 * cpu and memory are then what that packing requests there plus a little spare, so that the packing
 * fills at least {@link #MIN_FILL} of the fleet's capacity of each resource. The packing is then
 * hidden (it is in no status): a perfect scheduler satisfies every placement, a poor one runs out
 * of room. Preferences point at random regions, so they pull against the packing.
 */
final class TightWorkload {

    /** The share of the fleet's capacity the hidden packing fills, at least. */
    static final double MIN_FILL = 0.9;
    /** Spare capacity added on top of the packing, as a share of what it requests: about 95% full. */
    static final double SPARE = 0.05;
    /**
     * Requests per selected cluster in millicores, with {@link #GI_PER_CPU} Gi of memory per cpu as
     * workloads are commonly sized: sizes that divide one another, like pods cut to node shapes.
     */
    static final int[] CPU_MILLIS = {500, 1000, 2000, 4000};
    static final int GI_PER_CPU = 4;
    static final String ALLOCATABLE_CPU = ResourceProperties.KUBEFLEET_PREFIX + "allocatable-cpu";
    static final String ALLOCATABLE_MEMORY = ResourceProperties.KUBEFLEET_PREFIX + "allocatable-memory";

    private final Random random;
    private final int clusterCount;
    private final List<String> regions = new ArrayList<>();
    private final List<String> clusterSets = new ArrayList<>();
    private final int[] cpu;
    private final List<ProfileBuilder> builders = new ArrayList<>();

    private TightWorkload(int clusterCount, long seed) {
        this.random = new Random(seed);
        this.clusterCount = clusterCount;
        this.cpu = new int[clusterCount];
        for (int i = 0; i < clusterCount; i++) {
            ProfileBuilder profile = FleetGenerator.describedCluster(FleetGenerator.clusterName(i), random);
            builders.add(profile);
            regions.add(profile.propertyValue(FleetOptions.DEFAULT_LOCATION_PROPERTY));
            clusterSets.add(profile.propertyValue(FleetOptions.DEFAULT_CLUSTERSET_PROPERTY));
            cpu[i] = Integer.parseInt(profile.propertyValue(FleetGenerator.CPU));
        }
    }

    static Workload generate(WorkloadSpec spec) {
        return new TightWorkload(spec.clusters(), spec.seed()).build(spec);
    }

    private Workload build(WorkloadSpec spec) {
        long[] cpuMillis = new long[clusterCount];
        long[] memoryMi = new long[clusterCount];
        Map<String, List<String>> packing = new LinkedHashMap<>();
        List<Placement> placements = new ArrayList<>(spec.placements());
        for (int i = 0; i < spec.placements(); i++) {
            int wanted = 1 + random.nextInt(Math.min(5, clusterCount));
            String clusterSet = random.nextDouble() < 0.3 ? FleetGenerator.CLUSTER_SETS.get(
                    random.nextInt(FleetGenerator.CLUSTER_SETS.size())) : null;
            boolean spread = wanted > 1 && random.nextDouble() < 0.3;
            List<Integer> chosen = choose(wanted, clusterSet, spread);
            if (chosen.size() < wanted) {
                // A clusterset too small for this count: drop the restriction, the fleet has room.
                clusterSet = null;
                chosen = choose(wanted, null, spread);
            }
            int cpu = CPU_MILLIS[random.nextInt(CPU_MILLIS.length)];
            chosen.forEach(c -> {
                cpuMillis[c] += cpu;
                memoryMi[c] += memoryMi(cpu);
            });
            PlacementSpec placementSpec = pickN(chosen, clusterSet, spread)
                    .resources(ResourceRequirements.of("cpu", cpu + "m", "memory", memoryMi(cpu) + "Mi")).build();
            Placement placement = FleetGenerator.placement(i, placementSpec, spec.seed());
            placements.add(placement);
            packing.put(placement.key(), chosen.stream().sorted().map(FleetGenerator::clusterName).toList());
        }
        // Spare room in whole cpus with their memory, so that it can take a request.
        long[] spare = new long[clusterCount];
        addSpare(spare, java.util.Arrays.stream(cpuMillis).sum(), 1000);
        List<ClusterProfile> profiles = new ArrayList<>(clusterCount);
        for (int i = 0; i < clusterCount; i++) {
            profiles.add(builders.get(i)
                    .property(ALLOCATABLE_CPU, (cpuMillis[i] + spare[i]) + "m")
                    .property(ALLOCATABLE_MEMORY, (memoryMi[i] + memoryMi(spare[i])) + "Mi").build());
        }
        return new Workload(spec, profiles, placements, FleetGenerator.bindings(), packing);
    }

    /** The memory that goes with this cpu, in Mi: exact for every request size. */
    private static long memoryMi(long cpuMillis) {
        return cpuMillis * GI_PER_CPU * 1024 / 1000;
    }

    /** Spare room of {@link #SPARE} of what is packed, in steps of this size, each on a cluster at random. */
    private void addSpare(long[] capacity, long packed, long step) {
        for (long spare = Math.round(packed * SPARE / step); spare > 0; spare--) {
            capacity[random.nextInt(clusterCount)] += step;
        }
    }

    /**
     * Distinct clusters for one placement, bigger ones more likely; with spread, one per region
     * (at most five are asked for, and every region has clusters), so the skew is at most 1.
     * Fewer than wanted only when the clusterset has too few clusters.
     */
    private List<Integer> choose(int wanted, String clusterSet, boolean spread) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < clusterCount; i++) {
            if (clusterSet == null || clusterSet.equals(clusterSets.get(i))) {
                candidates.add(i);
            }
        }
        List<String> regionOrder = new ArrayList<>(FleetGenerator.REGIONS);
        Collections.shuffle(regionOrder, random);
        Set<Integer> chosen = new HashSet<>();
        Set<String> usedRegions = new HashSet<>();
        List<Integer> result = new ArrayList<>();
        int attempts = 0;
        while (result.size() < wanted && attempts++ < 100 * clusterCount) {
            int cluster = candidates.get(random.nextInt(candidates.size()));
            // Bigger clusters take more: accept in proportion to CPU (8 to 128).
            if (random.nextInt(FleetGenerator.MAX_CPU) >= cpu[cluster] || chosen.contains(cluster)
                    || spread && usedRegions.contains(regions.get(cluster))) {
                continue;
            }
            chosen.add(cluster);
            usedRegions.add(regions.get(cluster));
            result.add(cluster);
        }
        return result;
    }

    /** A spec the packed clusters meet: their clusterset, a CPU floor none of them is below, and their spread. */
    private PlacementSpec.Builder pickN(List<Integer> chosen, String clusterSet, boolean spread) {
        int smallest = chosen.stream().mapToInt(c -> cpu[c]).min().orElseThrow();
        PropertySelector selector = random.nextDouble() < 0.3
                ? new PropertySelector(List.of(new PropertyRequirement(FleetGenerator.CPU, "Ge",
                List.of(Integer.toString(8 * (1 + random.nextInt(smallest / 8))))))) : null;
        List<String> preferred = new ArrayList<>(FleetGenerator.REGIONS);
        Collections.shuffle(preferred, random);
        List<PropertySorter> sorters = random.nextDouble() < 0.2
                ? List.of(new PropertySorter(FleetGenerator.MEMORY, "Descending", 1)) : null;
        PlacementSpec.Builder spec = PlacementSpec.builder("PickN")
                .numberOfClusters(chosen.size())
                .preferences(new Preferences(preferred.subList(0, 2), null, sorters))
                .topologySpread(spread ? new TopologySpread(FleetGenerator.LOCATION, 1) : null);
        if (clusterSet != null) {
            spec.clusterSets(clusterSet);
        }
        if (selector != null) {
            spec.predicates(new ClusterSelectorTerm(null, selector, null));
        }
        return spec;
    }
}
