package io.meridian.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.ApiJson;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.cli.MeridianCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plan} with ClusterSetBindings in its input, in bindings and open mode. */
class PlanTenancyTest {

    private static final Path FLEET = Path.of("..", "samples", "fleet");
    private static final Path PLACEMENTS = Path.of("..", "samples", "placements");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "plan-samples.txt");
    private static final String NOW = "2026-11-24T00:00:00Z";

    private static PlanRun plan(String... args) {
        return PlanRun.plan(Stream.concat(Stream.of("--now", NOW), Stream.of(args)).toArray(String[]::new));
    }

    private static String binding(String namespace, String name, String spec) {
        return """
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: ClusterSetBinding
                metadata: {name: %s, namespace: %s}
                spec: %s
                """.formatted(name, namespace, spec);
    }

    /** The sample Placements without the sample bindings. */
    private static List<String> placementsWithoutBindings() throws IOException {
        try (Stream<Path> files = Files.list(PLACEMENTS)) {
            return files.filter(file -> !file.getFileName().toString().equals("clustersetbindings.yaml"))
                    .sorted().flatMap(file -> Stream.of("-f", file.toString())).toList();
        }
    }

    private static List<Placement> placements(PlanRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Placement> placements = new ArrayList<>();
        for (JsonElement item : JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonArray("items")) {
            if (Placement.KIND.equals(item.getAsJsonObject().get("kind").getAsString())) {
                placements.add(ApiJson.gson().fromJson(item, Placement.class));
            }
        }
        return placements;
    }

    private static V1Condition condition(Placement placement, String type) {
        return placement.status().conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    private static List<String> named(Placement placement) {
        List<String> names = new ArrayList<>();
        placement.status().decisions().forEach(d -> names.add(d.clusterProfileRef().name()));
        placement.status().unselectedClusters().forEach(u -> names.add(u.clusterProfileRef().name()));
        return names;
    }

    @Test
    void withoutTheirBindingsTheSamplePlacementsSeeNoClusterAndSayWhy() throws IOException {
        List<String> args = new ArrayList<>(List.of("-f", FLEET.toString(), "-o", "json"));
        args.addAll(placementsWithoutBindings());

        List<Placement> placements = placements(plan(args.toArray(String[]::new)));

        assertThat(placements).hasSize(10).allSatisfy(placement -> {
            assertThat(placement.status().decisions()).isEmpty();
            if (placement.spec().clusterNames() == null) {
                assertThat(placement.status().unselectedClusters()).isEmpty();
                assertThat(placement.status().numberOfUnselectedClusters()).isZero();
            } else { // PickFixed: the clusters it names itself, as if they did not exist
                assertThat(placement.status().unselectedClusters()).extracting(u -> u.reason())
                        .containsExactly("no ClusterProfile open-cluster-management/prod-eu-3 exists",
                                "no ClusterProfile open-cluster-management/staging-eu-1 exists");
            }
            assertThat(condition(placement, Conditions.SATISFIED).getMessage())
                    .isEqualTo("No cluster is visible to namespace apps; see the ClusterSetsBound condition.");
            assertThat(condition(placement, Conditions.CLUSTERSETS_BOUND).getStatus()).isEqualTo("False");
        });
        Placement batchJobs = placements.stream().filter(p -> p.metadata().getName().equals("batch-jobs")).findFirst()
                .orElseThrow();
        assertThat(condition(batchJobs, Conditions.CLUSTERSETS_BOUND).getMessage()).startsWith(
                "spec.clusterSets names clustersets not bound to namespace apps: [staging]");
    }

    /** The golden plan of the samples without samples/resources, whose placements live in namespace ml. */
    private static String goldenOfAppsFleet() throws IOException {
        return Files.readString(GOLDEN).lines().filter(line -> !line.startsWith("ml/"))
                .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
    }

    @Test
    void openModeIgnoresBindingsAndPlansAsBeforeTenancy() throws IOException {
        List<String> args = new ArrayList<>(List.of("-f", FLEET.toString(), "--tenancy=open"));
        args.addAll(placementsWithoutBindings());

        PlanRun run = plan(args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(goldenOfAppsFleet());
        assertThat(plan("-f", FLEET.toString(), "-f", PLACEMENTS.toString(), "--tenancy=open").out())
                .isEqualTo(goldenOfAppsFleet());
    }

    @Test
    void aNamespaceSeesOnlyItsBoundClustersetsAndIsToldWhichRequestedOnesAreNot(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("team.yaml"), binding("team-a", "prod", "{clusterSet: prod}") + """
                ---
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: Placement
                metadata: {name: everywhere, namespace: team-a}
                spec: {placementType: PickAll}
                ---
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: Placement
                metadata: {name: staging-too, namespace: team-a}
                spec: {placementType: PickN, numberOfClusters: 2, clusterSets: [prod, staging]}
                """);

        List<Placement> placements = placements(plan("-f", FLEET.toString(), "-f", file.toString(), "-o", "json"));

        Placement everywhere = placements.get(0);
        assertThat(named(everywhere)).isNotEmpty().allMatch(name -> name.startsWith("prod-"));
        // prod-eu-3 is unhealthy, prod-us-3 not joined, prod-ap-2 tainted for maintenance
        assertThat(everywhere.status().decisions()).hasSize(5);
        assertThat(everywhere.status().numberOfUnselectedClusters()).isEqualTo(3);
        assertThat(condition(everywhere, Conditions.CLUSTERSETS_BOUND).getMessage()).isEqualTo(
                "Clustersets bound to namespace team-a: [prod]; only their clusters and the ClusterProfiles in team-a"
                        + " are visible to this Placement.");
        Placement stagingToo = placements.get(1);
        assertThat(named(stagingToo)).allMatch(name -> name.startsWith("prod-"));
        V1Condition bound = condition(stagingToo, Conditions.CLUSTERSETS_BOUND);
        assertThat(bound.getStatus()).isEqualTo("False");
        assertThat(bound.getReason()).isEqualTo(Conditions.REASON_CLUSTERSETS_NOT_BOUND);
        assertThat(bound.getMessage()).isEqualTo("spec.clusterSets names clustersets not bound to namespace team-a:"
                + " [staging]; their clusters are not visible to this Placement. Bound to team-a: [prod]."
                + " The ClusterProfiles in team-a are visible too.");
    }

    @Test
    void profilesInThePlacementsOwnNamespaceAreVisibleUnlessTurnedOff(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("edge.yaml"), """
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: Placement
                metadata: {name: local, namespace: edge-fleet}
                spec: {placementType: PickAll}
                """);

        Placement own = placements(plan("-f", FLEET.toString(), "-f", file.toString(), "-o", "json")).get(0);
        Placement off = placements(plan("-f", FLEET.toString(), "-f", file.toString(), "-o", "json",
                "--no-own-namespace-profiles")).get(0);

        assertThat(named(own)).containsExactlyInAnyOrder("edge-ap-1", "edge-eu-1", "edge-us-1");
        assertThat(condition(own, Conditions.CLUSTERSETS_BOUND).getMessage()).isEqualTo("No clusterset is bound to"
                + " namespace edge-fleet: only the ClusterProfiles in edge-fleet are visible to this Placement."
                + " A ClusterSetBinding in edge-fleet, created by someone allowed to bind the clusterset, makes its"
                + " clusters visible.");
        assertThat(named(off)).isEmpty();
        assertThat(condition(off, Conditions.CLUSTERSETS_BOUND).getMessage()).contains("this Placement sees no cluster");
    }

    @Test
    void aPickFixedClusterThePlacementMayNotSeeIsReportedAsIfItDidNotExist(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("fixed.yaml"), binding("team-a", "staging", "{clusterSet: staging}")
                + """
                ---
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: Placement
                metadata: {name: fixed, namespace: team-a}
                spec:
                  placementType: PickFixed
                  clusterNames: [open-cluster-management/prod-eu-1, open-cluster-management/nowhere, open-cluster-management/staging-eu-1]
                """);

        Placement fixed = placements(plan("-f", FLEET.toString(), "-f", file.toString(), "-o", "json")).get(0);

        assertThat(fixed.status().decisions()).extracting(d -> d.clusterProfileRef().name()).containsExactly("staging-eu-1");
        assertThat(fixed.status().unselectedClusters()).extracting(u -> u.reason()).containsExactly(
                "no ClusterProfile open-cluster-management/nowhere exists",
                "no ClusterProfile open-cluster-management/prod-eu-1 exists");
    }

    @Test
    void aBindingWithoutAClustersetExitsTwoNamingFileAndField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bindings.yaml"), binding("apps", "none", "{}"));

        PlanRun run = plan("-f", FLEET.toString(), "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("bindings.yaml", "ClusterSetBinding apps/none", "spec.clusterSet is required");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBindingWithAnInvalidClustersetExitsTwo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bindings.yaml"), binding("apps", "bad", "{clusterSet: 'two words'}"));

        PlanRun run = plan("-f", FLEET.toString(), "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("bindings.yaml", "spec.clusterSet 'two words' is not a clusterset name");
    }

    @Test
    void aBindingDefinedTwiceExitsTwo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bindings.yaml"), binding("apps", "prod", "{clusterSet: prod}")
                + "---\n" + binding("apps", "prod", "{clusterSet: prod}"));

        PlanRun run = plan("-f", FLEET.toString(), "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("ClusterSetBinding apps/prod is also defined in");
    }

    @Test
    void anUnknownTenancyModeExitsTwo() {
        PlanRun run = plan("-f", FLEET.toString(), "--tenancy=everyone");

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("--tenancy", "everyone", "bindings", "open");
    }
}
