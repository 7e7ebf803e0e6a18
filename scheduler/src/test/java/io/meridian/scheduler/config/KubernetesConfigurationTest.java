package io.meridian.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.meridian.scheduler.kubeclient.ClusterConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Against a server that accepts connections and never answers, as an API server whose etcd is gone. */
@Timeout(30)
class KubernetesConfigurationTest {

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private ApiClient client;

    @BeforeEach
    void silentServer(@TempDir Path dir) throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(silent.accept());
                }
            } catch (IOException closed) {
                // test over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: silent, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: nobody, user: {token: t}}]
                contexts: [{name: silent, context: {cluster: silent, user: nobody}}]
                current-context: silent
                """.formatted(silent.getLocalPort()));
        MeridianProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "meridian.kubeconfig", kubeconfig.toString(), "meridian.api-timeout", "1s")))
                .bindOrCreate("meridian", MeridianProperties.class);
        client = new KubernetesConfiguration().apiClient(properties,
                new StaticListableBeanFactory().getBeanProvider(ClusterConnection.class));
    }

    @AfterEach
    void close() throws IOException {
        silent.close();
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    @Test
    void aCallThatGetsNoAnswerFailsAfterTheApiTimeout() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> new CoordinationV1Api(client).readNamespacedLease("meridian-scheduler", "default").execute())
                .isInstanceOf(ApiException.class).hasCauseInstanceOf(SocketTimeoutException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("unanswered call gave up after %d ms%n", took.toMillis());
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aWatchMayStaySilentUntilItsServerSideTimeout() throws Exception {
        okhttp3.Call call = new CoreV1Api(client).listNamespace().watch(true).timeoutSeconds(3).buildCall(null);
        CompletableFuture<Void> watch = CompletableFuture.runAsync(() -> {
            try {
                call.execute();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Thread.sleep(2_500);
        assertThat(watch).isNotDone();

        long start = System.nanoTime();
        assertThatThrownBy(watch::join).cause().isInstanceOf(UncheckedIOException.class)
                .cause().isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
