package io.meridian.scheduler.kubeclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConnectionTest {

    @TempDir
    Path dir;

    private Path kubeconfig(String name, String server) throws IOException {
        return Files.writeString(dir.resolve(name), """
                apiVersion: v1
                kind: Config
                clusters:
                - {name: c, cluster: {server: %s}}
                users:
                - {name: u, user: {token: t}}
                contexts:
                - {name: one, context: {cluster: c, user: u}}
                - {name: two, context: {cluster: c, user: u}}
                current-context: one
                """.formatted(server));
    }

    private ClusterConnection resolve(String kubeconfig, String context, Map<String, String> env) {
        return ClusterConnection.resolve(kubeconfig, context, env, dir.resolve("home"), dir.resolve("no-token"));
    }

    @Test
    void anExplicitKubeconfigWinsOverTheEnvironment() throws Exception {
        Path explicit = kubeconfig("explicit", "https://127.0.0.1:1111");
        Path fromEnv = kubeconfig("env", "https://127.0.0.1:2222");

        ClusterConnection connection = resolve(explicit.toString(), "two", Map.of("KUBECONFIG", fromEnv.toString()));

        assertThat(connection.source()).contains(explicit.toString(), "context two", "https://127.0.0.1:1111");
        assertThat(connection.client().getBasePath()).isEqualTo("https://127.0.0.1:1111");
    }

    @Test
    void kubeconfigVariableThenHomeConfig() throws Exception {
        Path fromEnv = kubeconfig("env", "https://127.0.0.1:2222");
        Files.createDirectories(dir.resolve("home/.kube"));
        Files.copy(kubeconfig("home-config", "https://127.0.0.1:3333"), dir.resolve("home/.kube/config"));

        assertThat(resolve("", "", Map.of("KUBECONFIG", dir.resolve("missing") + ":" + fromEnv)).client().getBasePath())
                .isEqualTo("https://127.0.0.1:2222");
        assertThat(resolve("", "", Map.of()).client().getBasePath()).isEqualTo("https://127.0.0.1:3333");
    }

    @Test
    void neverFallsBackToLocalhost() {
        assertThatThrownBy(() -> resolve("", "", Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")))
                .isInstanceOf(ClusterConnectionException.class)
                .hasMessageStartingWith("no cluster configuration")
                .hasMessageContaining(dir.resolve("home/.kube/config").toString());
        assertThatThrownBy(() -> resolve("", "", Map.of("KUBECONFIG", dir.resolve("missing").toString())))
                .hasMessage("KUBECONFIG=" + dir.resolve("missing") + " names no existing file");
    }

    @Test
    void inAPodTheServiceAccountIsUsed() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t");

        assertThat(ClusterConnection.resolve("", "", Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), dir.resolve("home"), token)
                .source()).isEqualTo("in-cluster service account");
    }

    @Test
    void anUnknownContextListsTheKnownOnes() throws Exception {
        Path file = kubeconfig("explicit", "https://127.0.0.1:1111");

        assertThatThrownBy(() -> resolve(file.toString(), "three", Map.of()))
                .hasMessage("context three is not in " + file + "; it has: one, two");
    }

    @Test
    void garbageIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("garbage"), "{not: [yaml");

        assertThatThrownBy(() -> resolve(file.toString(), "", Map.of()))
                .isInstanceOf(ClusterConnectionException.class)
                .hasMessageStartingWith("kubeconfig " + file + " cannot be read");
    }
}
