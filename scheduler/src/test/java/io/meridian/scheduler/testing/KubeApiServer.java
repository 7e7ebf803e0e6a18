package io.meridian.scheduler.testing;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A real kube-apiserver backed by a real etcd, both on 127.0.0.1 with free ports and a scratch
 * directory. The binaries come from {@code hack/test-apiserver.sh} (etcd from Debian,
 * kube-apiserver built once from the pinned Kubernetes release and cached under ~/.cache), or
 * from {@code MERIDIAN_KUBE_BIN} when set. Either process can be stopped and started again on the
 * same ports and data, to test outages.
 */
public final class KubeApiServer implements AutoCloseable {

    /** Meridian's own CRDs and the vendored upstream Cluster Inventory API CRDs, all from the placement-api jar. */
    public static final List<String> CRDS = List.of("/crds/scheduling.meridian.io_placements.yaml",
            "/crds/scheduling.meridian.io_clustersetbindings.yaml",
            "/crds/upstream/multicluster.x-k8s.io_clusterprofiles.yaml",
            "/crds/upstream/multicluster.x-k8s.io_placementdecisions.yaml");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path workDir;
    private final String token = UUID.randomUUID().toString();
    private List<String> etcdCommand;
    private List<String> apiServerCommand;
    private Process etcd;
    private Process apiServer;
    private int securePort;

    private KubeApiServer(Path workDir) {
        this.workDir = workDir;
    }

    /** Starts etcd and kube-apiserver and installs the Placement, ClusterSetBinding, ClusterProfile and PlacementDecision CRDs. */
    public static KubeApiServer start() throws Exception {
        return start(true);
    }

    /** Starts etcd and kube-apiserver with no CRDs, for tests that install them as a user would. */
    public static KubeApiServer startEmpty() throws Exception {
        return start(false);
    }

    private static KubeApiServer start(boolean withCrds) throws Exception {
        KubeApiServer server = new KubeApiServer(Files.createTempDirectory("meridian-apiserver"));
        try {
            server.launch(binaries());
            if (withCrds) {
                server.installCrds();
            }
            return server;
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    private static Path binaries() throws IOException, InterruptedException {
        String configured = System.getenv("MERIDIAN_KUBE_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Tools.binaries("test-apiserver.sh");
    }

    private void launch(Path bin) throws Exception {
        int etcdPort = freePort();
        int peerPort = freePort();
        securePort = freePort();
        Path etcdData = Files.createDirectories(workDir.resolve("etcd"));
        etcdCommand = List.of(bin.resolve("etcd").toString(),
                "--name=meridian-test", "--data-dir=" + etcdData,
                "--listen-client-urls=http://127.0.0.1:" + etcdPort,
                "--advertise-client-urls=http://127.0.0.1:" + etcdPort,
                "--listen-peer-urls=http://127.0.0.1:" + peerPort,
                "--initial-advertise-peer-urls=http://127.0.0.1:" + peerPort,
                "--initial-cluster=meridian-test=http://127.0.0.1:" + peerPort,
                "--log-level=warn");
        etcd = process(workDir.resolve("etcd.log"), etcdCommand);

        KeyPair serviceAccountKey = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path privateKey = Files.writeString(workDir.resolve("sa.key"),
                pem("PRIVATE KEY", serviceAccountKey.getPrivate().getEncoded()));
        Path publicKey = Files.writeString(workDir.resolve("sa.pub"),
                pem("PUBLIC KEY", serviceAccountKey.getPublic().getEncoded()));
        Path tokens = Files.writeString(workDir.resolve("tokens.csv"), token + ",admin,admin,system:masters\n");
        apiServerCommand = List.of(bin.resolve("kube-apiserver").toString(),
                "--etcd-servers=http://127.0.0.1:" + etcdPort,
                "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
                "--secure-port=" + securePort,
                "--cert-dir=" + workDir.resolve("certs"),
                "--token-auth-file=" + tokens,
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc",
                "--service-account-key-file=" + publicKey,
                "--service-account-signing-key-file=" + privateKey,
                "--service-cluster-ip-range=10.96.0.0/24",
                "--enable-priority-and-fairness=false",
                "--v=1");
        apiServer = process(workDir.resolve("kube-apiserver.log"), apiServerCommand);
        awaitReady(READY_TIMEOUT);
    }

    /** Appends, so a restarted process keeps the log of the one before. */
    private static Process process(Path log, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Stops kube-apiserver (SIGTERM, as a rolling restart does); clients see connections refused. */
    public synchronized void stopApiServer() {
        stop(apiServer);
    }

    /** Starts kube-apiserver again on the same port, with the same certificates and etcd; returns once it is ready. */
    public synchronized void startApiServer() throws Exception {
        if (apiServer.isAlive()) {
            throw new IllegalStateException("kube-apiserver is running");
        }
        apiServer = process(workDir.resolve("kube-apiserver.log"), apiServerCommand);
        awaitReady(READY_TIMEOUT);
    }

    /** Stops etcd (SIGTERM); kube-apiserver stays up and fails or delays what needs storage. */
    public synchronized void stopEtcd() {
        stop(etcd);
    }

    /** Starts etcd again on the same ports and data directory; returns once kube-apiserver is ready again. */
    public synchronized void startEtcd() throws Exception {
        if (etcd.isAlive()) {
            throw new IllegalStateException("etcd is running");
        }
        etcd = process(workDir.resolve("etcd.log"), etcdCommand);
        awaitReady(READY_TIMEOUT);
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trustAll()).connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "not started";
        while (Instant.now().isBefore(deadline)) {
            for (Process process : List.of(etcd, apiServer)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a test API server process exited: " + logs());
                }
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("kube-apiserver not ready after " + timeout + ": " + last + "\n" + logs());
    }

    private String logs() {
        try {
            String apiserver = Files.exists(workDir.resolve("kube-apiserver.log"))
                    ? Files.readString(workDir.resolve("kube-apiserver.log")) : "";
            return apiserver.substring(Math.max(0, apiserver.length() - 4000));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void installCrds() throws Exception {
        ApiextensionsV1Api extensions = new ApiextensionsV1Api(client());
        List<com.google.gson.JsonObject> crds = new ArrayList<>();
        for (String resource : CRDS) {
            try (InputStream in = KubeApiServer.class.getResourceAsStream(resource)) {
                crds.add(crd(new InputStreamReader(in, StandardCharsets.UTF_8)));
            }
        }
        DynamicKubernetesApi api = new DynamicKubernetesApi("apiextensions.k8s.io", "v1", "customresourcedefinitions", client());
        for (com.google.gson.JsonObject crd : crds) {
            api.create(new DynamicKubernetesObject(crd)).throwsApiException();
        }
        Instant deadline = Instant.now().plusSeconds(30);
        for (com.google.gson.JsonObject crd : crds) {
            String name = crd.getAsJsonObject("metadata").get("name").getAsString();
            while (!established(extensions, name)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("CRD " + name + " not established");
                }
                Thread.sleep(100);
            }
        }
    }

    /** As plain JSON: the typed model would turn whole numbers of the schema into floats. */
    private static com.google.gson.JsonObject crd(Reader yaml) {
        Object tree = new org.yaml.snakeyaml.Yaml().load(yaml);
        return new com.google.gson.Gson().toJsonTree(tree).getAsJsonObject();
    }

    private static boolean established(ApiextensionsV1Api extensions, String name) throws ApiException {
        V1CustomResourceDefinition crd = extensions.readCustomResourceDefinition(name).execute();
        return crd.getStatus() != null && crd.getStatus().getConditions() != null && crd.getStatus().getConditions()
                .stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * CPU time kube-apiserver and etcd have used so far: the cost of a batch of API calls to the
     * server side, which a loaded machine does not blur the way it does wall-clock time.
     */
    public synchronized Duration cpuTime() {
        return cpuTime(apiServer).plus(cpuTime(etcd));
    }

    private static Duration cpuTime(Process process) {
        return process == null ? Duration.ZERO : process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public String url() {
        return "https://127.0.0.1:" + securePort;
    }

    /** A client with cluster-admin rights. */
    public ApiClient client() {
        return client(Duration.ZERO);
    }

    /** A client with cluster-admin rights whose calls give up after the read timeout (zero for never). */
    public ApiClient client(Duration readTimeout) {
        return client(token, readTimeout);
    }

    /** A client that authenticates with this bearer token: it may do what RBAC grants the token's user. */
    public ApiClient client(String bearerToken) {
        return client(bearerToken, Duration.ZERO);
    }

    private ApiClient client(String bearerToken, Duration readTimeout) {
        ApiClient client = new ClientBuilder().setBasePath(url()).setVerifyingSsl(false)
                .setAuthentication(new AccessTokenAuthentication(bearerToken)).build();
        client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(readTimeout).build());
        return client;
    }

    /**
     * A token of the ServiceAccount, which is created when missing, from the TokenRequest API: the
     * API server authenticates it as {@code system:serviceaccount:NAMESPACE:NAME}, with nothing but
     * what RBAC grants that account (or its groups).
     */
    public String serviceAccountToken(String namespace, String name) throws ApiException {
        CoreV1Api core = new CoreV1Api(client());
        try {
            core.createNamespacedServiceAccount(namespace, new V1ServiceAccount().metadata(new V1ObjectMeta().name(name)))
                    .execute();
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        AuthenticationV1TokenRequest request = new AuthenticationV1TokenRequest()
                .spec(new V1TokenRequestSpec().audiences(List.of()).expirationSeconds(3600L));
        return core.createNamespacedServiceAccountToken(name, namespace, request).execute().getStatus().getToken();
    }

    /** Runs the cached kubectl against this server as its admin and returns its output; fails on a non-zero exit. */
    public String kubectl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Tools.binaries("install-helm.sh").resolve("kubectl").toString(),
                "--kubeconfig", kubeconfig().toString()));
        command.addAll(List.of(args));
        return Tools.run(command);
    }

    /** A kubeconfig file for this server, as the controller reads it. */
    public Path kubeconfig() throws IOException {
        return kubeconfig("admin", token);
    }

    /** A kubeconfig file for this server that authenticates with the token, named after its user. */
    public Path kubeconfig(String user, String bearerToken) throws IOException {
        return Files.writeString(workDir.resolve("admin".equals(user) ? "kubeconfig" : "kubeconfig-" + user), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: test
                  context: {cluster: test, user: %s}
                current-context: test
                """.formatted(url(), user, bearerToken, user));
    }

    @Override
    public synchronized void close() {
        stop(apiServer);
        stop(etcd);
        try (var files = Files.walk(workDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a scratch directory under /tmp
        }
    }

    private static void stop(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static SSLContext trustAll() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return context;
    }
}
