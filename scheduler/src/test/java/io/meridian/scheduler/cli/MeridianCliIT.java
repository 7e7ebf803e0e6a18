package io.meridian.scheduler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.meridian.scheduler.testing.MeridianJar;
import io.meridian.scheduler.testing.MeridianJar.Result;
import io.meridian.scheduler.testing.Tools;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The jar's command line as a user meets it: separate JVMs, exit codes, stdout and stderr. */
class MeridianCliIT {

    private static final String SAMPLES = Tools.REPOSITORY.resolve("samples").toString();

    @TempDir
    Path home;

    /** No kubeconfig anywhere and not in a pod. */
    private Map<String, String> bareMachine() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("KUBECONFIG", null);
        env.put("MERIDIAN_KUBECONFIG", null);
        env.put("KUBERNETES_SERVICE_HOST", null);
        return env;
    }

    private Path kubeconfigWithContexts(String server) throws IOException {
        return Files.writeString(home.resolve("two-contexts.yaml"), """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: a, cluster: {server: %1$s}}
                - {name: b, cluster: {server: %1$s}}
                users:
                - {name: u, user: {token: t}}
                contexts:
                - {name: staging, context: {cluster: a, user: u}}
                - {name: prod, context: {cluster: b, user: u}}
                current-context: staging
                """.formatted(server));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--help", "help"})
    void printsUsageListingTheSubcommandsWithoutStartingSpring(String arg) throws Exception {
        Result result = arg.isEmpty() ? MeridianJar.run(bareMachine()) : MeridianJar.run(bareMachine(), arg);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Usage: meridian").contains("run ", "plan ", "version ", "help ");
        assertThat(result.out() + result.err()).doesNotContain("MeridianApplication", "Tomcat", "INFO");
    }

    @Test
    void printsTheVersionsThatDecideBehaviour() throws Exception {
        Result result = MeridianJar.run("version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).containsPattern("(?m)^meridian \\d+\\.\\d+\\.\\d+")
                .containsPattern("(?m)^kubernetes-client-java \\d+\\.\\d+\\.\\d+$")
                .containsPattern("(?m)^optaplanner \\d+\\.\\d+\\.\\d+\\.Final$")
                .doesNotContain("${");
    }

    @Test
    void runWithoutAnyClusterConfigurationExitsWithOneLineNamingWhatItLookedFor() throws Exception {
        Result result = MeridianJar.run(bareMachine(), "run");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip().lines()).singleElement().asString()
                .startsWith("error: no cluster configuration")
                .contains("--kubeconfig", "KUBECONFIG", home.resolve(".kube/config").toString(), "KUBERNETES_SERVICE_HOST");
        assertThat(result.out()).doesNotContain("localhost:8080", "Tomcat");
    }

    @Test
    void aWrongContextNamesTheContextsThatExist() throws Exception {
        Path kubeconfig = kubeconfigWithContexts("https://127.0.0.1:1");

        Result run = MeridianJar.run(bareMachine(), "run", "--kubeconfig", kubeconfig.toString(), "--context", "qa");
        Result plan = MeridianJar.run(bareMachine(), "plan", "--kubeconfig", kubeconfig.toString(), "--context", "qa");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(plan.exitCode()).isEqualTo(2);
        for (Result result : new Result[] {run, plan}) {
            assertThat(result.err().strip().lines()).singleElement().asString()
                    .isEqualTo("error: context qa is not in " + kubeconfig + "; it has: prod, staging");
        }
    }

    @Test
    void runOutsideAPodWithoutALeaseNamespaceSaysWhatToSetAndDoesNotStart() throws Exception {
        Path kubeconfig = kubeconfigWithContexts("https://127.0.0.1:1");

        Result result = MeridianJar.run(bareMachine(), "run", "--kubeconfig", kubeconfig.toString(), "--server.port=0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("APPLICATION FAILED TO START",
                "the Lease for leader election has no namespace: meridian.leader-election.lease-namespace is not set "
                        + "and this is not a pod",
                "Set meridian.leader-election.lease-namespace", "meridian.leader-election.enabled=false");
        assertThat(result.out()).doesNotContain("campaigning", "Tomcat started");
    }

    @Test
    void planAgainstAnUnreachableApiServerSaysWhichServer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path kubeconfig = kubeconfigWithContexts("https://127.0.0.1:" + closedPort);

        Result result = MeridianJar.run(bareMachine(), "plan", "--kubeconfig", kubeconfig.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip().lines()).singleElement().asString()
                .startsWith("error: cannot list ClusterProfiles from https://127.0.0.1:" + closedPort);
    }

    @Test
    void badArgumentsAreOneLineWithTheCommandsExitCode() throws Exception {
        Result planFormat = MeridianJar.run(bareMachine(), "plan", "-f", SAMPLES, "-o", "xml");
        Result planNoInput = MeridianJar.run(bareMachine(), "plan");
        Result runUnknown = MeridianJar.run(bareMachine(), "run", "--bogus");
        Result runMissingFile = MeridianJar.run(bareMachine(), "run", "--kubeconfig", home.resolve("nope").toString());
        Result unknownCommand = MeridianJar.run(bareMachine(), "schedule");

        assertThat(planFormat.exitCode()).isEqualTo(2);
        assertThat(planFormat.err().strip()).startsWith("error: Invalid value for option '--output'").doesNotContain("\n");
        assertThat(planNoInput.exitCode()).isEqualTo(2);
        assertThat(planNoInput.err().strip()).startsWith("error: plan needs -f PATH").doesNotContain("\n");
        assertThat(runUnknown.exitCode()).isEqualTo(1);
        assertThat(runUnknown.err().strip()).isEqualTo(
                "error: unknown argument '--bogus': run takes --kubeconfig, --context and Spring properties as --NAME=VALUE");
        assertThat(runMissingFile.exitCode()).isEqualTo(1);
        assertThat(runMissingFile.err().strip()).isEqualTo("error: kubeconfig " + home.resolve("nope") + " does not exist");
        assertThat(unknownCommand.exitCode()).isEqualTo(2);
        assertThat(unknownCommand.err().strip()).startsWith("error: Unmatched argument").doesNotContain("\n");
    }

    /** {@code plan -o json | jq} works: stdout is the document alone, whatever is logged goes to stderr. */
    @Test
    void planJsonOnStdoutParsesAsJson() throws Exception {
        Result result = MeridianJar.run(bareMachine(), "plan", "-f", SAMPLES, "-o", "json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(JsonParser.parseString(result.out()).getAsJsonObject().get("kind").getAsString()).isEqualTo("List");
        assertThat(result.out()).doesNotContain(" WARN ", " INFO ");
    }

    @Test
    void planRunsOnTheSamplesFromTheJar() throws Exception {
        Result result = MeridianJar.run(bareMachine(), "plan", "-f", SAMPLES);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().findFirst().orElseThrow()).startsWith("PLACEMENT").contains("CLUSTERS");
        assertThat(result.err()).isEmpty();
    }
}
