package io.meridian.scheduler.kubeclient;

import io.kubernetes.client.openapi.ApiClient;
import io.meridian.api.ApiJson;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where Meridian finds its API server, resolved once and up front: an explicit kubeconfig, then
 * {@code KUBECONFIG}, then {@code ~/.kube/config}, then the pod's service account. Unlike
 * client-java's standard lookup it never falls back to {@code http://localhost:8080}, which is
 * Meridian's own web server, so a machine with no cluster configuration gets one clear error.
 */
public final class ClusterConnection {

    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private final String source;
    private final KubeConfig kubeConfig;

    private ClusterConnection(String source, KubeConfig kubeConfig) {
        this.source = source;
        this.kubeConfig = kubeConfig;
    }

    /** Resolves from this process's environment and home directory. */
    public static ClusterConnection resolve(String kubeconfig, String context) {
        String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home")); // as kubectl reads it
        return resolve(kubeconfig, context, System.getenv(), Path.of(home), SERVICE_ACCOUNT_TOKEN);
    }

    /**
     * @param kubeconfig an explicit kubeconfig file, or blank for the standard lookup
     * @param context    a context of that kubeconfig, or blank for its current context
     * @throws ClusterConnectionException naming what was looked for, or the contexts that exist
     */
    static ClusterConnection resolve(String kubeconfig, String context, Map<String, String> env, Path home,
                                     Path serviceAccountToken) {
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            Path path = Path.of(kubeconfig);
            if (!Files.isRegularFile(path)) {
                throw new ClusterConnectionException("kubeconfig " + path + " does not exist");
            }
            return fromKubeconfig(path, context);
        }
        String fromEnv = env.getOrDefault("KUBECONFIG", "");
        if (!fromEnv.isBlank()) {
            // kubectl merges a list; the first existing file is what holds the current context in practice.
            for (String entry : fromEnv.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank() && Files.isRegularFile(Path.of(entry))) {
                    return fromKubeconfig(Path.of(entry), context);
                }
            }
            throw new ClusterConnectionException("KUBECONFIG=" + fromEnv + " names no existing file");
        }
        Path homeConfig = home.resolve(".kube").resolve("config");
        if (Files.isRegularFile(homeConfig)) {
            return fromKubeconfig(homeConfig, context);
        }
        if (env.containsKey("KUBERNETES_SERVICE_HOST") && Files.isRegularFile(serviceAccountToken)) {
            if (context != null && !context.isBlank()) {
                throw new ClusterConnectionException("--context " + context + " needs a kubeconfig; in a pod there is none");
            }
            return new ClusterConnection("in-cluster service account", null);
        }
        throw new ClusterConnectionException("no cluster configuration: no --kubeconfig, KUBECONFIG is not set, "
                + homeConfig + " does not exist, and not in a pod (KUBERNETES_SERVICE_HOST unset)");
    }

    private static ClusterConnection fromKubeconfig(Path path, String context) {
        KubeConfig config;
        try (Reader reader = Files.newBufferedReader(path)) {
            config = KubeConfig.loadKubeConfig(reader);
        } catch (IOException | RuntimeException e) {
            throw new ClusterConnectionException("kubeconfig " + path + " cannot be read: " + e.getMessage());
        }
        if (config == null) {
            throw new ClusterConnectionException("kubeconfig " + path + " is empty");
        }
        config.setFile(path.toFile());
        if (context != null && !context.isBlank() && !config.setContext(context)) {
            throw new ClusterConnectionException("context " + context + " is not in " + path + "; it has: "
                    + String.join(", ", contextNames(config)));
        }
        if (config.getServer() == null) {
            throw new ClusterConnectionException("kubeconfig " + path + " has no current context with a server"
                    + (contextNames(config).isEmpty() ? "" : "; use --context with one of: " + String.join(", ", contextNames(config))));
        }
        return new ClusterConnection(path + " (context " + config.getCurrentContext() + ", server " + config.getServer() + ")", config);
    }

    @SuppressWarnings("unchecked")
    static List<String> contextNames(KubeConfig config) {
        return config.getContexts() == null ? List.of() : config.getContexts().stream()
                .filter(Map.class::isInstance)
                .map(entry -> ((Map<String, Object>) entry).get("name"))
                .filter(Objects::nonNull)
                .map(Object::toString)
                .sorted()
                .toList();
    }

    /** A client for this connection, for API calls; informers and the controller tune it further. */
    public ApiClient client() {
        ApiJson.installInClientJava(); // timestamps read as leniently as the API server accepts them
        try {
            return kubeConfig == null ? ClientBuilder.cluster().build() : ClientBuilder.kubeconfig(kubeConfig).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which configuration is used, for the start-up log line. */
    public String source() {
        return source;
    }
}
