package io.meridian.scheduler.faults;

import static io.meridian.scheduler.fleet.Profiles.profile;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.TopologySpread;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.Convergence.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The fleet the fault scenarios run on: three clusters in each of three locations, placements of
 * every type in one namespace, changed as users and cluster managers would. It remembers what it
 * asked for, so a scenario can check that changes made around a fault were all scheduled.
 */
final class FaultFleet {

    static final String PROFILES = "fleet";
    static final String APPS = "apps";
    static final List<String> LOCATIONS = List.of("eu", "us", "ap");
    private static final int PER_LOCATION = 3;
    private static final int ALL = -1;

    private final ClusterObjects objects;
    private final Random random;
    private final Set<String> clusters = new TreeSet<>();
    private final Set<String> unhealthy = new TreeSet<>();
    /** Placement name to the number of clusters it asks for; null for all that are eligible. */
    private final Map<String, Integer> placements = new HashMap<>();
    private final List<String> deleted = new ArrayList<>();
    private int nextPlacement;

    FaultFleet(ClusterObjects objects, long seed) {
        this.objects = objects;
        this.random = new Random(seed);
    }

    void create(int placementCount) throws ApiException {
        objects.namespace(PROFILES, Map.of());
        objects.namespace(APPS, Map.of());
        objects.bind(APPS, "prod");
        for (String location : LOCATIONS) {
            for (int i = 1; i <= PER_LOCATION; i++) {
                objects.create(profile(location + "-" + i).location(location).clusterSet("prod").build());
                clusters.add(location + "-" + i);
            }
        }
        for (int i = 0; i < placementCount; i++) {
            createPlacement();
        }
    }

    /** A new Placement; its type and preferences vary with its number. */
    String createPlacement() throws ApiException {
        String name = "p-" + nextPlacement++;
        create(name);
        return name;
    }

    /** Creates a Placement again under a name deleted before, so it comes back with a new UID. */
    String recreatePlacement() throws ApiException {
        if (deleted.isEmpty()) {
            return createPlacement();
        }
        String name = deleted.remove(random.nextInt(deleted.size()));
        create(name);
        return name;
    }

    private void create(String name) throws ApiException {
        int variant = random.nextInt(4);
        String location = LOCATIONS.get(random.nextInt(LOCATIONS.size()));
        PlacementSpec spec = switch (variant) {
            case 0 -> new PlacementSpec("PickAll", null, null, null, null, null, null, null, null);
            case 1 -> new PlacementSpec("PickN", 1, null, null, null, null,
                    new Preferences(List.of(location), null, null), null, null);
            case 2 -> new PlacementSpec("PickN", 3, null, null, null, null, null, new TopologySpread("location", 1), null);
            default -> new PlacementSpec("PickN", 2, null, null, List.of("prod"), null,
                    new Preferences(null, List.of("prod"), null), null, null);
        };
        objects.create(new Placement(Placement.API_VERSION, Placement.KIND,
                new V1ObjectMeta().namespace(APPS).name(name), spec, null));
        placements.put(name, spec.numberOfClusters());
    }

    /** Asks a Placement for another number of clusters, which makes it PickN. */
    void resize(String name, int clusters) throws ApiException {
        objects.patchSpec(APPS, name, "{\"placementType\":\"PickN\",\"numberOfClusters\":" + clusters + "}");
        placements.put(name, clusters);
    }

    void resizeAny() throws ApiException {
        resize(anyPlacement(), 1 + random.nextInt(3));
    }

    void delete(String name) throws ApiException {
        objects.deletePlacement(APPS, name);
        placements.remove(name);
        deleted.add(name);
    }

    void deleteAny() throws ApiException {
        delete(anyPlacement());
    }

    /** One create, edit, delete or re-create of a Placement, chosen at random; edits are the most common. */
    void changeAny() throws ApiException {
        int dice = random.nextInt(100);
        if (dice < 30 || placements.size() < 5) {
            createPlacement();
        } else if (dice < 70) {
            resizeAny();
        } else if (dice < 90) {
            deleteAny();
        } else {
            recreatePlacement();
        }
    }

    private String anyPlacement() {
        List<String> names = new ArrayList<>(new TreeSet<>(placements.keySet()));
        return names.get(random.nextInt(names.size()));
    }

    /**
     * Turns a cluster's control plane healthy or unhealthy, as its cluster manager would. The
     * scenarios keep at least two healthy clusters in every location, so every Placement stays satisfiable.
     */
    void health(String cluster, boolean healthy) throws ApiException {
        String location = cluster.substring(0, cluster.indexOf('-'));
        objects.updateStatus(profile(cluster).location(location).clusterSet("prod").healthy(healthy ? "True" : "False")
                .build());
        if (healthy) {
            unhealthy.remove(cluster);
        } else {
            unhealthy.add(cluster);
        }
    }

    /** Flips the health of a location's first cluster. */
    void flipAnyHealth() throws ApiException {
        String cluster = LOCATIONS.get(random.nextInt(LOCATIONS.size())) + "-1";
        health(cluster, unhealthy.contains(cluster));
    }

    int placementCount() {
        return placements.size();
    }

    /**
     * What the fleet asked for is what the API server shows: exactly the Placements it created,
     * each holding as many clusters as it asked for (all healthy ones for PickAll), none unhealthy.
     */
    Consumer<Snapshot> scheduledAsAsked() {
        Map<String, Integer> asked = new HashMap<>();
        placements.forEach((name, count) -> asked.put(name, count == null ? ALL : count));
        Set<String> sick = Set.copyOf(unhealthy);
        Set<String> healthy = new TreeSet<>(clusters);
        healthy.removeAll(sick);
        return snapshot -> {
            Set<String> present = new TreeSet<>();
            for (Placement placement : snapshot.placements()) {
                present.add(placement.metadata().getName());
            }
            if (!present.equals(new TreeSet<>(asked.keySet()))) {
                throw new AssertionError("Placements " + present + ", expected " + new TreeSet<>(asked.keySet()));
            }
            for (Placement placement : snapshot.placements()) {
                List<String> selected = Snapshot.selected(placement).stream()
                        .map(ref -> ref.substring(ref.indexOf('/') + 1)).toList();
                int count = asked.get(placement.metadata().getName());
                if (selected.stream().anyMatch(sick::contains)
                        || (count == ALL ? !new TreeSet<>(selected).equals(healthy) : selected.size() != count)) {
                    throw new AssertionError(placement.key() + " selects " + selected + "; asked for "
                            + (count == ALL ? "all of " + healthy : count) + ", unhealthy " + sick);
                }
            }
        };
    }
}
