package io.meridian.scheduler.scheduling;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.Specs;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * A pass schedules only the placements a change can affect, and still decides exactly what a
 * pass over the whole fleet from scratch decides: checked over random sequences of changes to
 * cluster health, labels, clusters joining and leaving, and placements created, edited and deleted,
 * with load balance, topology spread and cpu requests against capacity in play.
 */
class IncrementalSchedulingTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final String[] LOCATIONS = {"eu", "us", "ap"};
    /** Small chunks, so that a few dozen placements make several. */
    private static final int CHUNK = 7;

    /** The fleet and placements as a controller would see them, changed one event at a time. */
    private static final class World {

        private final Random random;
        /** Whether placements may have stability None, and so move on any pass. */
        private final boolean unsteady;
        /** Whether placements may request cpu; new placements are solved in chunks only when none does. */
        private final boolean requests;
        private final Map<String, Profiles> clusters = new TreeMap<>();
        private final Map<String, Placement> placements = new TreeMap<>();
        private int nextCluster;
        private int nextPlacement;

        World(long seed) {
            this(seed, true);
        }

        World(long seed, boolean unsteady) {
            this(seed, unsteady, true);
        }

        World(long seed, boolean unsteady, boolean requests) {
            this.random = new Random(seed);
            this.unsteady = unsteady;
            this.requests = requests;
            for (int i = 0; i < 18; i++) {
                addCluster();
            }
            for (int i = 0; i < 24; i++) {
                addPlacement();
            }
        }

        Fleet fleet() {
            return Profiles.fleet(clusters.values().toArray(Profiles[]::new));
        }

        List<Placement> placements() {
            return List.copyOf(placements.values());
        }

        void addCluster() {
            String location = LOCATIONS[random.nextInt(LOCATIONS.length)];
            String name = location + "-" + nextCluster++;
            Profiles cluster = profile(name).location(location).label("env", random.nextBoolean() ? "prod" : "dev");
            if (random.nextInt(3) > 0) {
                cluster.property("resources.kubernetes-fleet.io/allocatable-cpu", String.valueOf(4 + random.nextInt(12)));
            }
            clusters.put(name, cluster);
        }

        /** One random change; returns what it was, for the failure message. */
        String change() {
            int what = random.nextInt(10);
            List<String> names = new ArrayList<>(clusters.keySet());
            String cluster = names.get(random.nextInt(names.size()));
            switch (what) {
                case 0, 1, 2 -> {
                    boolean healthy = random.nextBoolean();
                    clusters.get(cluster).healthy(healthy ? "True" : "False");
                    return cluster + " healthy=" + healthy;
                }
                case 3 -> {
                    String env = random.nextBoolean() ? "prod" : "dev";
                    clusters.get(cluster).label("env", env);
                    return cluster + " env=" + env;
                }
                case 4 -> {
                    addCluster();
                    return "cluster added";
                }
                case 5 -> {
                    if (clusters.size() > 8) {
                        clusters.remove(cluster);
                    }
                    return cluster + " removed";
                }
                case 6 -> {
                    addPlacement();
                    return "placement added";
                }
                case 7 -> {
                    List<String> keys = new ArrayList<>(placements.keySet());
                    String key = keys.get(random.nextInt(keys.size()));
                    placements.remove(key);
                    return key + " deleted";
                }
                default -> {
                    List<String> keys = new ArrayList<>(placements.keySet());
                    String key = keys.get(random.nextInt(keys.size()));
                    Placement edited = placements.get(key);
                    V1ObjectMeta metadata = edited.metadata();
                    placements.put(key, new Placement(edited.apiVersion(), edited.kind(),
                            new V1ObjectMeta().namespace(metadata.getNamespace()).name(metadata.getName())
                                    .uid(metadata.getUid()).generation(metadata.getGeneration() + 1),
                            randomSpec(), edited.status()));
                    return key + " edited";
                }
            }
        }

        void addPlacement() {
            String name = "p-" + nextPlacement++;
            placements.put("apps/" + name, placement(name, randomSpec()));
        }

        private PlacementSpec randomSpec() {
            int kind = random.nextInt(10);
            if (kind == 0) {
                return PlacementSpec.builder("PickAll").predicates(env("prod")).build();
            }
            if (kind == 1) {
                List<String> names = new ArrayList<>(clusters.keySet());
                return PlacementSpec.builder("PickFixed").clusterNames("fleet/" + names.get(random.nextInt(names.size())),
                        "fleet/" + names.get(random.nextInt(names.size()))).build();
            }
            Specs spec = Specs.pickN(1 + random.nextInt(4))
                    .preferLocations(LOCATIONS[random.nextInt(LOCATIONS.length)])
                    .balanceWeight(random.nextInt(4));
            if (random.nextInt(4) == 0) {
                spec.spread("location", 1);
            }
            if (random.nextInt(5) == 0 && unsteady) {
                spec.stability("None");
            }
            if (random.nextInt(3) == 0) {
                spec.predicates(env(random.nextBoolean() ? "prod" : "dev"));
            }
            if (random.nextInt(3) == 0 && requests) {
                spec.requests("cpu", String.valueOf(1 + random.nextInt(4)));
            }
            return spec.build();
        }

        private static ClusterSelectorTerm env(String value) {
            return new ClusterSelectorTerm(new V1LabelSelector().putMatchLabelsItem("env", value), null, null);
        }

        /** What a controller does with the outcomes: each placement is given its decision. */
        void give(Map<String, PlacementOutcome> outcomes) {
            placements.replaceAll((key, placement) -> {
                PlacementOutcome outcome = outcomes.get(key);
                return outcome == null || outcome.isMisconfigured() ? placement : given(placement, outcome);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 7, 11})
    void incrementalPassesDecideWhatFullPassesDecide(long seed) {
        World world = new World(seed);
        FleetScheduler incremental = new FleetScheduler(SchedulingOptions.defaults());
        world.give(incremental.schedule(world.fleet(), world.placements(), NOW));

        for (int step = 0; step < 30; step++) {
            String change = world.change();
            Fleet fleet = world.fleet();
            Map<String, PlacementOutcome> decided = incremental.schedule(fleet, world.placements(), NOW);
            Map<String, PlacementOutcome> fresh = new FleetScheduler(SchedulingOptions.defaults())
                    .schedule(fleet, world.placements(), NOW);

            assertThat(clusters(decided)).as("seed %d, step %d: %s", seed, step, change).isEqualTo(clusters(fresh));
            world.give(decided);
        }
    }

    /** Solving new placements in chunks decides the same whichever pass meets them. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void incrementalPassesDecideWhatFullPassesDecideWhenNewPlacementsComeInChunks(long seed) {
        World world = new World(seed, true, false);
        FleetScheduler incremental = new FleetScheduler(SchedulingOptions.defaults(), CHUNK);
        world.give(incremental.schedule(world.fleet(), world.placements(), NOW));

        for (int step = 0; step < 12; step++) {
            String change = world.change();
            for (int i = 0; i <= CHUNK; i++) {
                world.addPlacement(); // enough new ones for two chunks, beside those that hold clusters
            }
            Fleet fleet = world.fleet();
            Map<String, PlacementOutcome> decided = incremental.schedule(fleet, world.placements(), NOW);
            Map<String, PlacementOutcome> fresh = new FleetScheduler(SchedulingOptions.defaults(), CHUNK)
                    .schedule(fleet, world.placements(), NOW);

            assertThat(clusters(decided)).as("seed %d, step %d: %s", seed, step, change).isEqualTo(clusters(fresh));
            world.give(decided);
        }
    }

    /**
     * A first pass hands each chunk over as soon as it is decided, with the outcomes it returns in
     * the end, and each chunk counts the clusters the chunks before it took: the load stays even.
     */
    @Test
    void newPlacementsAreHandedOverChunkByChunk() {
        World world = new World(4, false, false);
        for (int i = 0; i < 60; i++) {
            world.addPlacement();
        }
        FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults(), CHUNK);
        Fleet fleet = world.fleet();
        List<Map<String, PlacementOutcome>> chunks = new ArrayList<>();

        Map<String, PlacementOutcome> outcomes = scheduler.begin(fleet, TenancyScope.open(fleet), world.placements(), NOW,
                false).finish(chunk -> chunks.add(Map.copyOf(chunk)));

        assertThat(chunks).hasSizeGreaterThan(2);
        chunks.forEach(chunk -> assertThat(chunk).hasSizeLessThanOrEqualTo(CHUNK)
                .allSatisfy((key, outcome) -> assertThat(outcomes.get(key)).isSameAs(outcome)));
        Map<String, Integer> load = load(outcomes);
        Map<String, Integer> loadTogether = load(new FleetScheduler(SchedulingOptions.defaults())
                .schedule(fleet, world.placements(), NOW));
        assertThat(spread(load)).as("busiest minus idlest cluster, in chunks %s, together %s", load, loadTogether)
                .isLessThanOrEqualTo(spread(loadTogether) + 2);
    }

    /** Placements per cluster. */
    private static Map<String, Integer> load(Map<String, PlacementOutcome> outcomes) {
        Map<String, Integer> load = new TreeMap<>();
        outcomes.values().forEach(o -> names(o.decisions()).forEach(name -> load.merge(name, 1, Integer::sum)));
        return load;
    }

    private static int spread(Map<String, Integer> load) {
        return load.values().stream().max(Integer::compare).orElse(0) - load.values().stream().min(Integer::compare).orElse(0);
    }

    /**
     * Otherwise every decision would be written twice: once when made, once when the next pass keeps
     * it. (Placements with stability None are decided afresh on every pass, and may move.)
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aDecisionReadsTheSameOnThePassAfterItWasMade(long seed) {
        World world = new World(seed, false);
        for (int i = 0; i < 40; i++) {
            world.addPlacement();
        }
        FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());
        Fleet fleet = world.fleet();
        Map<String, PlacementOutcome> made = scheduler.schedule(fleet, world.placements(), NOW);
        world.give(made);

        Map<String, PlacementOutcome> kept = scheduler.schedule(fleet, world.placements(), NOW);

        List<String> rewritten = made.keySet().stream().filter(key -> !made.get(key).equals(kept.get(key))).toList();
        assertThat(rewritten).as("placements whose outcome changed on the next pass; the first: %s",
                rewritten.isEmpty() ? "" : made.get(rewritten.get(0)) + "\nthen\n" + kept.get(rewritten.get(0))).isEmpty();
    }

    /** A settled placement's reasons may be old, but never about a cluster that is gone. */
    @Test
    void aClusterThatLeavesTheFleetLeavesEveryStatus() {
        Placement web = placement("web", Specs.pickN(1).preferLocations("eu").build());
        FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());
        Fleet three = Profiles.fleet(profile("ap-1").location("ap"), profile("eu-1").location("eu"),
                profile("us-1").location("us"));
        PlacementOutcome first = scheduler.schedule(three, List.of(web), NOW).get("apps/web");
        Placement given = given(web, first);
        scheduler.schedule(three, List.of(given), NOW);

        Fleet two = Profiles.fleet(profile("eu-1").location("eu"), profile("us-1").location("us"));
        PlacementOutcome after = scheduler.schedule(two, List.of(given), NOW).get("apps/web");

        assertThat(first.unselected()).extracting(u -> u.clusterProfileRef().name()).contains("ap-1");
        assertThat(names(after.decisions())).containsExactly("eu-1");
        assertThat(after.unselected()).extracting(u -> u.clusterProfileRef().name()).containsExactly("us-1");
    }

    /** Its clusters stay while the toleration lasts, but the pass must learn when it runs out. */
    @Test
    void aTolerationStartedByAFlipIsFollowedToItsEnd() {
        Placement tolerant = placement("tolerant", Specs.pickN(1).preferLocations("ap").tolerate("Unhealthy", 4L).build());
        FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());
        Fleet healthy = Profiles.fleet(profile("ap-1").location("ap"), profile("eu-1").location("eu"));
        PlacementOutcome first = scheduler.schedule(healthy, List.of(tolerant), NOW).get("apps/tolerant");
        Placement given = given(tolerant, first);
        scheduler.schedule(healthy, List.of(given), NOW);

        Fleet flipped = Profiles.fleet(profile("ap-1").location("ap").healthy("False", NOW.atOffset(java.time.ZoneOffset.UTC)),
                profile("eu-1").location("eu"));
        PlacementOutcome tolerated = scheduler.schedule(flipped, List.of(given), NOW).get("apps/tolerant");
        PlacementOutcome expired = scheduler.schedule(flipped, List.of(given), NOW.plusSeconds(5)).get("apps/tolerant");

        assertThat(names(tolerated.decisions())).containsExactly("ap-1");
        assertThat(tolerated.nextReview()).isEqualTo(NOW.plusSeconds(4));
        assertThat(names(expired.decisions())).containsExactly("eu-1");
    }

    @Test
    void aHealthFlipSchedulesOnlyThePlacementsOnThatCluster() {
        World world = new World(42);
        FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());
        Fleet fleet = world.fleet();
        world.give(scheduler.schedule(fleet, world.placements(), NOW));
        world.give(scheduler.schedule(fleet, world.placements(), NOW)); // each decision is settled once it is given
        assertThat(scheduler.begin(fleet, TenancyScope.open(fleet), world.placements(), NOW, false).scheduled())
                .as("nothing changed").allMatch(key -> isUnsettled(world, key));

        String busiest = busiestCluster(world);
        world.clusters.get(busiest).healthy("False");
        Fleet flipped = world.fleet();
        FleetScheduler.Pass pass = scheduler.begin(flipped, TenancyScope.open(flipped), world.placements(), NOW, false);

        List<String> onIt = world.placements().stream()
                .filter(p -> p.status() != null && names(p.status()).contains(busiest)).map(Placement::key).toList();
        assertThat(pass.scheduled()).containsAll(onIt).hasSizeLessThan(world.placements.size());
        Map<String, PlacementOutcome> outcomes = pass.finish();
        assertThat(outcomes.values()).allMatch(outcome -> !names(outcome.decisions()).contains(busiest)
                || outcome.isMisconfigured());
    }

    /**
     * A cluster changing inside a domain that keeps other usable clusters cannot break or free a
     * required spread, so the placement is left alone; a domain that appears or empties can.
     */
    @Test
    void aRequiredSpreadIsScheduledAgainOnlyWhenADomainAppearsOrEmpties() {
        Placement web = placement("web", Specs.pickN(3).preferLocations("eu").spread("location", 1).build());
        Profiles eu1 = profile("eu-1").location("eu");
        Profiles eu2 = profile("eu-2").location("eu");
        Profiles eu3 = profile("eu-3").location("eu");
        Profiles us1 = profile("us-1").location("us");
        Profiles ap1 = profile("ap-1").location("ap").healthy("False");
        FleetScheduler scheduler = new FleetScheduler(SchedulingOptions.defaults());
        Fleet before = Profiles.fleet(eu1, eu2, eu3, us1, ap1);
        Placement given = given(web, scheduler.schedule(before, List.of(web), NOW).get("apps/web"));
        scheduler.schedule(before, List.of(given), NOW);
        List<String> held = names(given.status());
        assertThat(held).as("two in eu, one in us").hasSize(3).contains("us-1");
        Profiles unheld = List.of(eu1, eu2, eu3).stream()
                .filter(p -> !held.contains(p.build().metadata().getName())).findFirst().orElseThrow();

        unheld.healthy("False");
        Fleet euShrinks = Profiles.fleet(eu1, eu2, eu3, us1, ap1);
        assertThat(scheduler.begin(euShrinks, TenancyScope.open(euShrinks), List.of(given), NOW, false).scheduled())
                .as("eu keeps eligible clusters").isEmpty();
        scheduler.schedule(euShrinks, List.of(given), NOW);

        ap1.healthy("True");
        Fleet apAppears = Profiles.fleet(eu1, eu2, eu3, us1, ap1);
        FleetScheduler.Pass pass = scheduler.begin(apAppears, TenancyScope.open(apAppears), List.of(given), NOW, false);
        assertThat(pass.scheduled()).as("the domain ap appears").containsExactly("apps/web");
        assertThat(names(pass.finish().get("apps/web").decisions())).as("one per domain now")
                .anyMatch(name -> name.startsWith("ap-")).anyMatch(name -> name.startsWith("us-"))
                .anyMatch(name -> name.startsWith("eu-"));
    }

    /** A new Placement in {@code apps}, with the uid and generation the API server would give it. */
    private static Placement placement(String name, PlacementSpec spec) {
        return new Placement(Placement.API_VERSION, Placement.KIND,
                new V1ObjectMeta().namespace("apps").name(name).uid("uid-" + name).generation(1L), spec, null);
    }

    /** What a controller does with an outcome: the Placement is given its decision, for its generation. */
    private static Placement given(Placement placement, PlacementOutcome outcome) {
        return placement.withStatus(new PlacementStatus(placement.metadata().getGeneration(),
                outcome.decisions().size(), outcome.decisions(), List.of(), List.of(), 0));
    }

    private static boolean isUnsettled(World world, String key) {
        Placement placement = world.placements.get(key);
        // PickN placements short of clusters and those with stability None are decided on every pass.
        return placement.spec().scoring() != null && "None".equals(placement.spec().scoring().stability())
                || placement.status() == null
                || placement.spec().numberOfClusters() != null
                && placement.status().decisions().size() < placement.spec().numberOfClusters();
    }

    private static String busiestCluster(World world) {
        Map<String, Integer> load = new TreeMap<>();
        world.placements().stream().filter(p -> p.status() != null)
                .forEach(p -> names(p.status()).forEach(name -> load.merge(name, 1, Integer::sum)));
        return load.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static List<String> names(PlacementStatus status) {
        return names(status.decisions());
    }

    private static List<String> names(List<Decision> decisions) {
        return decisions.stream().map(d -> d.clusterProfileRef().name()).toList();
    }

    private static Map<String, TreeSet<String>> clusters(Map<String, PlacementOutcome> outcomes) {
        return outcomes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new TreeSet<>(names(e.getValue().decisions())), (a, b) -> a, TreeMap::new));
    }
}
