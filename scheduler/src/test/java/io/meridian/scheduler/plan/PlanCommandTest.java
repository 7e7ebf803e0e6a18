package io.meridian.scheduler.plan;

import static io.meridian.scheduler.plan.PlanRun.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterDecision;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Placement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.meridian.scheduler.cli.MeridianCommand;
import io.meridian.scheduler.decision.SliceNames;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The offline plan over the bundled samples, end to end through the command line. */
class PlanCommandTest {

    private static final Path SAMPLES = Path.of("..", "samples");
    private static final String NOW = "2026-11-24T00:00:00Z";

    private static final Map<String, Placement> placements = new TreeMap<>();
    private static final List<PlacementDecision> slices = new ArrayList<>();

    @BeforeAll
    static void planSamples() {
        PlanRun run = plan("-f", SAMPLES.toString(), "-o", "json", "--now", NOW);
        assertThat(run.exitCode()).as(run.err()).isZero();
        for (JsonElement item : JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonArray("items")) {
            JsonObject object = item.getAsJsonObject();
            if (Placement.KIND.equals(object.get("kind").getAsString())) {
                Placement placement = ApiJson.gson().fromJson(object, Placement.class);
                placements.put(placement.metadata().getName(), placement);
            } else {
                slices.add(ApiJson.gson().fromJson(object, PlacementDecision.class));
            }
        }
    }

    private static List<String> selected(String placement) {
        return placements.get(placement).status().decisions().stream()
                .map(d -> d.clusterProfileRef().name()).toList();
    }

    private static V1Condition satisfied(String placement) {
        return placements.get(placement).status().conditions().stream()
                .filter(c -> Conditions.SATISFIED.equals(c.getType())).findFirst().orElseThrow();
    }

    @Test
    void schedulesEverySamplePlacement() {
        assertThat(placements).containsOnlyKeys("analytics", "batch-jobs", "canary", "data-residency", "legacy-app",
                "ml-inference", "observability", "payments-api", "rollout", "web-frontend",
                "log-agent", "training", "inference");
        assertThat(placements.values()).allSatisfy(p -> assertThat(p.status().observedGeneration()).isNotNull());
    }

    /** samples/resources: requests fit where there is room, PickAll is accounted first and utilisation is shown. */
    @Test
    void resourceRequestsFitWhereThereIsRoom() {
        assertThat(selected("training")).containsExactly("gpu-kf-1", "gpu-kf-2");
        Placement training = placements.get("training");
        assertThat(training.status().decisions().get(0).utilization()).containsEntry("nvidia.com/gpu", "2/8 (25%)")
                .containsEntry("cpu", "24.5/64 (38%)");
        assertThat(training.status().unselectedClusters()).anySatisfy(u -> {
            assertThat(u.clusterProfileRef().name()).isEqualTo("gpu-ocm-1");
            assertThat(u.reason()).isEqualTo("eligible, but needs 24 cpu; 11.5 of 16 allocatable left after 2 other placements");
        });
        Placement agent = placements.get("log-agent");
        assertThat(agent.status().conditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo(Conditions.RESOURCES_FIT);
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getMessage()).contains("gpu-fleet/gpu-bare-1 (no cpu capacity reported");
        });
    }

    @Test
    void pickNPrefersLocationsAndSpreadsOverThem() {
        assertThat(selected("web-frontend")).containsExactly("prod-ap-1", "prod-eu-2", "prod-us-2");
        assertThat(selected("data-residency")).containsExactly("prod-eu-1", "prod-eu-2");
        assertThat(selected("payments-api")).containsExactly("prod-eu-1", "prod-us-1");
        assertThat(satisfied("web-frontend").getReason()).isEqualTo(Conditions.REASON_ALL_DECISIONS_SCHEDULED);
    }

    @Test
    void unhealthyAndNotJoinedClustersAreLeftOutUnlessTolerated() {
        List<String> everywhere = new ArrayList<>();
        placements.keySet().stream().filter(name -> !name.equals("canary")).forEach(name -> everywhere.addAll(selected(name)));
        assertThat(everywhere).doesNotContain("prod-eu-3", "prod-us-3", "staging-ap-1");
        assertThat(selected("canary")).containsExactly("prod-eu-3", "staging-eu-1");
        assertThat(placements.get("observability").status().unselectedClusters())
                .anySatisfy(u -> {
                    assertThat(u.clusterProfileRef().name()).isEqualTo("prod-us-3");
                    assertThat(u.reason()).contains("Joined");
                });
    }

    @Test
    void propertySelectorsReadClaimsAndSurviveGarbageValues() {
        assertThat(selected("ml-inference")).containsExactly("edge-eu-1", "edge-us-1");
        assertThat(selected("legacy-app")).containsExactly("staging-us-1");
        assertThat(selected("observability")).hasSize(7);
    }

    @Test
    void orTermsCelAndPreferredTermsChooseAnalytics() {
        assertThat(selected("analytics")).containsExactly("prod-eu-1", "prod-us-1");
        assertThat(placements.get("analytics").status().decisions())
                .allSatisfy(d -> assertThat(d.reason()).startsWith("ranked higher on Preferred terms; score ")
                        .contains("(Preferred terms +"));
        assertThat(placements.get("analytics").status().unselectedClusters())
                .anySatisfy(u -> assertThat(u.reason()).startsWith("meets none of the 2 predicates: [0] "));
    }

    @Test
    void anAdminTaintKeepsAClusterOutUnlessTolerated() {
        assertThat(selected("observability")).doesNotContain("prod-ap-2");
        assertThat(placements.get("observability").status().unselectedClusters()).anySatisfy(u -> {
            assertThat(u.clusterProfileRef().name()).isEqualTo("prod-ap-2");
            assertThat(u.reason()).isEqualTo("tainted example.com/maintenance=kernel-upgrade:NoSelect");
        });
        assertThat(selected("rollout")).contains("prod-ap-2");
    }

    @Test
    void decisionGroupsGetTheirOwnSlices() {
        assertThat(placements.get("rollout").status().decisionGroups())
                .extracting(g -> g.decisionGroupIndex() + " " + g.decisionGroupName() + " " + g.clusterCount())
                .containsExactly("0 canary 2", "1  3", "2  1");
        assertThat(slices).filteredOn(s -> s.metadata().getName().startsWith("rollout-"))
                .extracting(s -> s.metadata().getName() + " " + s.metadata().getLabels().get(SliceNames.GROUP_INDEX_LABEL)
                        + " " + s.metadata().getLabels().get(SliceNames.GROUP_NAME_LABEL) + " " + s.decisions().size())
                .containsExactly("rollout-decision-0 0 canary 2", "rollout-decision-1 1  3", "rollout-decision-2 2  1");
    }

    @Test
    void reportsNotEnoughClusters() {
        assertThat(selected("batch-jobs")).containsExactly("staging-eu-1", "staging-us-1");
        assertThat(satisfied("batch-jobs").getReason()).isEqualTo(Conditions.REASON_NOT_ENOUGH_CLUSTERS);
        assertThat(satisfied("batch-jobs").getStatus()).isEqualTo("False");
    }

    @Test
    void publishesSlicesMatchingEachStatus() {
        Map<String, List<io.meridian.api.inventory.ClusterProfileRef>> published = new TreeMap<>();
        for (PlacementDecision slice : slices) {
            String placement = slice.metadata().getLabels().get(PlacementDecision.PLACEMENT_KEY_LABEL);
            slice.decisions().forEach(d -> published.computeIfAbsent(placement, p -> new ArrayList<>()).add(d.clusterProfileRef()));
        }
        placements.forEach((name, placement) -> assertThat(published.get(name)).as(name)
                .containsExactlyInAnyOrderElementsOf(placement.status().decisions().stream()
                        .map(d -> d.clusterProfileRef()).toList()));
        assertThat(slices).hasSize(placements.size() + 2); // the rollout's three groups
    }

    @Test
    void samePlanTwiceIsByteForByteEqual() {
        PlanRun first = plan("-f", SAMPLES.toString(), "-o", "yaml", "--now", NOW);
        PlanRun second = plan("-f", SAMPLES.resolve("placements").toString(), "-f", SAMPLES.resolve("resources").toString(),
                "-f", SAMPLES.resolve("fleet").toString(), "-o", "yaml", "--now", NOW);

        assertThat(second.out()).isEqualTo(first.out()).contains("kind: PlacementDecision");
    }

    /**
     * {@code plan -o json | jq}: stdout holds the document alone; what is logged while planning
     * (a solver's WARN, say) goes to stderr, even though Logback's default writes to stdout.
     */
    @Test
    void jsonOnStdoutIsTheDocumentAloneAndLogsGoToStderr() {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine commandLine = MeridianCommand.commandLine(); // writes to System.out, as from a shell
            exitCode = commandLine.execute("plan", "-f", SAMPLES.toString(), "-o", "json", "--now", NOW);
            LoggerFactory.getLogger("org.optaplanner.core.impl.solver.DefaultSolver").warn("solver warning");
            LoggerFactory.getLogger("org.optaplanner.core.impl.solver.DefaultSolver").info("solver progress");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }

        assertThat(exitCode).isZero();
        String document = out.toString(StandardCharsets.UTF_8);
        assertThat(JsonParser.parseString(document).getAsJsonObject().get("kind").getAsString()).isEqualTo("List");
        assertThat(document).doesNotContain("solver warning", "WARN");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("WARN", "solver warning")
                .doesNotContain("solver progress");
    }

    @Test
    void tablePrintsOneRowPerPlacement() {
        PlanRun run = plan("-f", SAMPLES.toString(), "--now", NOW);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(1 + placements.size());
        assertThat(run.out()).contains("NotEnoughClusters");
    }

    @Test
    void tableOfTheSamplesMatchesTheGoldenFile() throws IOException {
        Path golden = Path.of("src", "test", "resources", "golden", "plan-samples.txt");
        PlanRun run = plan("-f", SAMPLES.toString(), "--now", NOW);

        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, run.out());
        }
        assertThat(run.out()).isEqualTo(Files.readString(golden));
    }

    @Test
    void offlineOutputHasNoPlaceholdersOrEmptyMaps() {
        PlanRun yaml = plan("-f", SAMPLES.toString(), "-o", "yaml", "--now", NOW);
        PlanRun json = plan("-f", SAMPLES.toString(), "-o", "json", "--now", NOW);

        assertThat(yaml.out()).doesNotContain("null", "annotations: {}", "labels: {}")
                .contains("Decision written for generation 1.", "observedGeneration: 1");
        assertThat(json.out()).doesNotContain("null", "\"annotations\": {}", "\"labels\": {}");
    }

    @Test
    void skipsPlacementsBeingDeleted(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("leaving.yaml"), """
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: Placement
                metadata:
                  name: leaving
                  namespace: apps
                  deletionTimestamp: "2026-11-23T00:00:00Z"
                  finalizers: [example.com/cleanup]
                spec: {placementType: PickAll}
                """);

        PlanRun run = plan("-f", SAMPLES.resolve("fleet").toString(), "-f", file.toString(), "--now", NOW);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1).first().asString().startsWith("PLACEMENT");
    }

    @Test
    void aProfileBeingDeletedIsInNoPlacement(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("leaving.yaml"), """
                apiVersion: multicluster.x-k8s.io/v1alpha1
                kind: ClusterProfile
                metadata:
                  name: prod-eu-4
                  namespace: open-cluster-management
                  deletionTimestamp: "2026-11-23T00:00:00Z"
                  finalizers: [open-cluster-management.io/cleanup]
                  labels: {x-k8s.io/cluster-manager: open-cluster-management, env: prod}
                spec: {displayName: prod-eu-4, clusterManager: {name: open-cluster-management}}
                status:
                  conditions:
                  - {type: ControlPlaneHealthy, status: "True", reason: Available, message: ok, lastTransitionTime: "2026-11-20T08:00:00Z"}
                  - {type: Joined, status: "True", reason: Joined, message: ok, lastTransitionTime: "2026-11-20T08:00:00Z"}
                  properties:
                  - {name: location, value: eu-west-1}
                  - {name: clusterset.k8s.io, value: prod}
                """);

        PlanRun run = plan("-f", SAMPLES.resolve("fleet").toString(), "-f", SAMPLES.resolve("placements").toString(),
                "-f", file.toString(), "-o", "json", "--now", NOW);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Placement> planned = new ArrayList<>();
        for (JsonElement item : JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonArray("items")) {
            if (Placement.KIND.equals(item.getAsJsonObject().get("kind").getAsString())) {
                planned.add(ApiJson.gson().fromJson(item, Placement.class));
            }
        }
        Placement observability = planned.stream().filter(p -> p.metadata().getName().equals("observability"))
                .findFirst().orElseThrow();
        assertThat(planned).allSatisfy(p -> assertThat(p.status().decisions())
                .noneMatch(d -> d.clusterProfileRef().name().equals("prod-eu-4")));
        assertThat(observability.status().unselectedClusters()).anySatisfy(u -> {
            assertThat(u.clusterProfileRef().name()).isEqualTo("prod-eu-4");
            assertThat(u.reason()).isEqualTo("ClusterProfile is being deleted");
        });
    }

    @Test
    void misconfiguredPlacementExitsTwoNamingFileAndField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("broken.yaml"), """
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: Placement
                metadata: {name: broken, namespace: apps}
                spec: {placementType: PickN, numberOfClusters: 0}
                """);

        PlanRun run = plan("-f", SAMPLES.resolve("fleet").toString(), "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("broken.yaml").contains("spec.numberOfClusters");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void malformedYamlExitsTwoNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "kind: Placement\nspec: [unclosed\n");

        PlanRun run = plan("-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("bad.yaml");
    }

    @Test
    void missingInputExitsTwo(@TempDir Path dir) {
        PlanRun run = plan("-f", dir.resolve("nope.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("nope.yaml");
    }
}
