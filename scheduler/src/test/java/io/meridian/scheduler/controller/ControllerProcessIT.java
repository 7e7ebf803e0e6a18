package io.meridian.scheduler.controller;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.scheduler.testing.ClusterObjects;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.TestFleet;
import io.meridian.scheduler.testing.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meridian run} as the container runs it, a process of the built jar: what it logs on a
 * normal stop and when its API server cannot be reached.
 */
class ControllerProcessIT {

    private static final Path JAR = Tools.REPOSITORY.resolve("scheduler/target/meridian.jar");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String STACK_TRACE_LINE = "\tat ";

    @TempDir
    Path dir;

    private Process run(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "run"));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("out.log"));
    }

    /** SIGTERM, as Kubernetes stops a pod; the process must exit on its own. */
    private String stop(Process process) throws Exception {
        try {
            process.destroy();
            assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            return output();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aNormalStopLogsNoErrorAndNoStackTrace() throws Exception {
        try (KubeApiServer apiServer = KubeApiServer.start()) {
            ClusterObjects cluster = new ClusterObjects(apiServer.client());
            TestFleet.namespaces(cluster);
            cluster.create(profile("eu-1").build());
            Process meridian = run("--kubeconfig", apiServer.kubeconfig().toString(), "--server.port=0",
                    "--meridian.leader-election.enabled=false", "--meridian.debounce=50ms");
            String output;
            try {
                cluster.create(new Placement(Placement.API_VERSION, Placement.KIND,
                        new V1ObjectMeta().namespace("apps").name("web"),
                        new PlacementSpec("PickN", 1, null, null, null, null, null, null, null), null));
                await().atMost(TIMEOUT).until(() -> cluster.placement("apps", "web").status() != null);
            } finally {
                output = stop(meridian);
            }
            System.out.println(output);

            assertThat(output).contains("no longer leading: scheduling loop stopped")
                    .doesNotContain("ERROR").doesNotContain(STACK_TRACE_LINE);
        }
    }

    @Test
    void anUnreachableApiServerIsOneClearWarningNamingItAndNoStackTrace() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String server = "https://127.0.0.1:" + closedPort;
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: gone, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: admin, user: {token: t}}]
                contexts: [{name: gone, context: {cluster: gone, user: admin}}]
                current-context: gone
                """.formatted(server));
        Process meridian = run("--kubeconfig", kubeconfig.toString(), "--server.port=0",
                "--meridian.leader-election.lease-namespace=default");
        String output;
        try {
            await().atMost(TIMEOUT).until(() -> output().contains("Started MeridianApplication"));
            // Five seconds of every informer and the Lease retrying, once a second each.
            Thread.sleep(5_000);
        } finally {
            output = stop(meridian);
        }
        System.out.println(output);

        String warning = "WARN";
        assertThat(output.lines().filter(line -> line.contains("connection to the API server failing")))
                .singleElement().asString().contains(warning).contains("connection refused to " + server);
        assertThat(output).doesNotContain("ERROR").doesNotContain(STACK_TRACE_LINE);
    }
}
