package io.meridian.scheduler.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.scheduler.config.MeridianProperties;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart, rendered by a real helm binary: it lints, renders with several value sets,
 * grants no more than the controller needs, runs hardened, and configures the controller with
 * properties it actually binds.
 */
class HelmChartIT {

    private static final Path CHART = Tools.REPOSITORY.resolve("charts/meridian");

    /** apiGroup/resource: verbs the controller may have. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "multicluster.x-k8s.io/clusterprofiles", Set.of("get", "list", "watch"),
            "/namespaces", Set.of("get", "list", "watch"),
            "scheduling.meridian.io/placements", Set.of("get", "list", "watch", "update"),
            "scheduling.meridian.io/placements/status", Set.of("get", "update", "patch"),
            "scheduling.meridian.io/placements/finalizers", Set.of("update"),
            "multicluster.x-k8s.io/placementdecisions", Set.of("get", "list", "watch", "create", "update", "patch", "delete"),
            "/events", Set.of("create", "patch"),
            "coordination.k8s.io/leases", Set.of("get", "create", "update"));

    private static Path helm;

    @BeforeAll
    static void installHelm() throws Exception {
        helm = Tools.binaries("install-helm.sh").resolve("helm");
    }

    private static String helm(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(helm.toString()));
        command.addAll(List.of(args));
        return Tools.run(command);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> render(String... sets) throws Exception {
        List<String> args = new ArrayList<>(List.of("template", "meridian", CHART.toString(), "--namespace", "meridian-system"));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        String manifests = helm(args.toArray(String[]::new));
        return StreamSupport.stream(new Yaml().loadAll(manifests).spliterator(), false)
                .filter(doc -> doc instanceof Map<?, ?>)
                .map(doc -> (Map<String, Object>) doc)
                .toList();
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(doc -> kind.equals(doc.get("kind"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object tree, String... path) {
        Object node = tree;
        for (String key : path) {
            node = node instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<String, Object>) node).get(key);
        }
        return (T) node;
    }

    @Test
    void lints() throws Exception {
        assertThat(helm("lint", CHART.toString(), "--strict")).contains("0 chart(s) failed");
    }

    @Test
    void rendersWithEveryValueSet() throws Exception {
        List<List<Map<String, Object>>> variants = List.of(
                render(),
                render("crds.upstream=true", "replicaCount=3", "logging.format=json", "metrics.serviceMonitor.enabled=true"),
                render("config.leaderElection.enabled=false", "replicaCount=1", "crds.placement=false",
                        "serviceAccount.create=false", "serviceAccount.name=existing"));

        assertThat(ofKind(variants.get(0), "CustomResourceDefinition")).hasSize(1);
        assertThat(ofKind(variants.get(1), "CustomResourceDefinition")).hasSize(3);
        assertThat(ofKind(variants.get(1), "ServiceMonitor")).hasSize(1);
        assertThat(ofKind(variants.get(2), "CustomResourceDefinition")).isEmpty();
        assertThat(ofKind(variants.get(2), "Role")).isEmpty();
        assertThat(ofKind(variants.get(2), "ServiceAccount")).isEmpty();
        assertThat((Integer) at(ofKind(variants.get(1), "Deployment").get(0), "spec", "replicas")).isEqualTo(3);
        assertThat((String) at(ofKind(variants.get(2), "Deployment").get(0), "spec", "template", "spec", "serviceAccountName"))
                .isEqualTo("existing");
    }

    @Test
    @SuppressWarnings("unchecked")
    void grantsNothingBeyondWhatTheControllerNeeds() throws Exception {
        for (List<Map<String, Object>> docs : List.of(render(), render("crds.upstream=true"))) {
            Set<String> granted = new HashSet<>();
            for (Map<String, Object> role : docs.stream()
                    .filter(doc -> "ClusterRole".equals(doc.get("kind")) || "Role".equals(doc.get("kind"))).toList()) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) role.get("rules")) {
                    assertThat(rule).doesNotContainKeys("nonResourceURLs", "resourceNames");
                    for (String group : (List<String>) rule.get("apiGroups")) {
                        for (String resource : (List<String>) rule.get("resources")) {
                            String key = group + "/" + resource;
                            assertThat(ALLOWED).as("rule for %s", key).containsKey(key);
                            assertThat(ALLOWED.get(key)).as("verbs on %s", key)
                                    .containsAll((List<String>) rule.get("verbs"));
                            granted.add(key);
                        }
                    }
                }
            }
            assertThat(granted).doesNotContain("/secrets").containsAll(ALLOWED.keySet());
        }
    }

    @Test
    void runsHardenedWithProbesAndResources() throws Exception {
        Map<String, Object> deployment = ofKind(render(), "Deployment").get(0);
        Map<String, Object> pod = at(deployment, "spec", "template", "spec");
        Map<String, Object> container = at(pod, "containers", "0");

        assertThat((Integer) at(deployment, "spec", "replicas")).isEqualTo(2);
        assertThat((Boolean) at(pod, "securityContext", "runAsNonRoot")).isTrue();
        assertThat((Boolean) at(container, "securityContext", "readOnlyRootFilesystem")).isTrue();
        assertThat((List<String>) at(container, "args")).containsExactly("run");
        assertThat((Boolean) at(container, "securityContext", "allowPrivilegeEscalation")).isFalse();
        assertThat((String) at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat((String) at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat((Map<String, Object>) at(container, "resources", "requests")).containsKeys("cpu", "memory");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shipsTheCrdsOfTheApiModuleEachKeptOnUninstall() throws Exception {
        List<Map<String, Object>> rendered = ofKind(render("crds.upstream=true"), "CustomResourceDefinition");
        assertThat(rendered).hasSize(KubeApiServer.CRDS.size());
        for (int i = 0; i < rendered.size(); i++) {
            Map<String, Object> crd = rendered.get(i);
            Map<String, Object> source;
            try (InputStream in = HelmChartIT.class.getResourceAsStream(KubeApiServer.CRDS.get(i))) {
                source = new Yaml().load(in);
            }
            Map<String, Object> annotations = (Map<String, Object>) ((Map<String, Object>) crd.get("metadata")).remove("annotations");
            assertThat(annotations).containsEntry("helm.sh/resource-policy", "keep");
            ((Map<String, Object>) source.get("metadata")).remove("annotations");
            assertThat(crd).isEqualTo(source);
        }
        assertThat(ofKind(render("crds.upstream=true", "crds.keep=false"), "CustomResourceDefinition"))
                .hasSize(KubeApiServer.CRDS.size())
                .allSatisfy(crd -> assertThat(String.valueOf((Object) at(crd, "metadata"))).doesNotContain("helm.sh/resource-policy"));
    }

    @Test
    void configurationBindsToTheControllerProperties() throws Exception {
        Map<String, Object> configMap = ofKind(render("config.clusterManager=open-cluster-management",
                "config.clusterProfileNamespaces={fleet-a,fleet-b}", "config.scheduling.defaultUnhealthyToleration=5m",
                "config.fleet.locationProperty=topology.kubernetes.io/region"), "ConfigMap").get(0);
        String yaml = at(configMap, "data", "application.yaml");
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("chart", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));

        MeridianProperties properties = new Binder(ConfigurationPropertySources.from(sources))
                .bind("meridian", MeridianProperties.class).get();

        assertThat(properties.clusterManager()).isEqualTo("open-cluster-management");
        assertThat(properties.clusterProfileNamespaces()).containsExactly("fleet-a", "fleet-b");
        assertThat(properties.scheduling().defaultUnhealthyToleration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.fleet().locationProperty()).isEqualTo("topology.kubernetes.io/region");
        assertThat(properties.leaderElection().enabled()).isTrue();
        assertThat(properties.debounce()).isEqualTo(Duration.ofMillis(200));
    }
}
