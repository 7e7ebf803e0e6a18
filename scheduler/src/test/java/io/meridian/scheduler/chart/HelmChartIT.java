package io.meridian.scheduler.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.scheduler.config.MeridianProperties;
import io.meridian.scheduler.placement.TenancyMode;
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
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("multicluster.x-k8s.io/clusterprofiles", Set.of("get", "list", "watch")),
            Map.entry("/namespaces", Set.of("get", "list", "watch")),
            Map.entry("scheduling.meridian.io/placements", Set.of("get", "list", "watch", "update")),
            Map.entry("scheduling.meridian.io/placements/status", Set.of("get", "update", "patch")),
            Map.entry("scheduling.meridian.io/placements/finalizers", Set.of("update")),
            Map.entry("scheduling.meridian.io/clustersetbindings", Set.of("get", "list", "watch")),
            Map.entry("scheduling.meridian.io/clustersetbindings/status", Set.of("get", "update", "patch")),
            Map.entry("multicluster.x-k8s.io/placementdecisions", Set.of("get", "list", "watch", "create", "update", "patch", "delete")),
            Map.entry("/events", Set.of("create", "patch")),
            Map.entry("coordination.k8s.io/leases", Set.of("get", "create", "update")));

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

        assertThat(ofKind(variants.get(0), "CustomResourceDefinition")).hasSize(2);
        assertThat(ofKind(variants.get(1), "CustomResourceDefinition")).hasSize(4);
        assertThat(ofKind(variants.get(1), "ServiceMonitor")).hasSize(1);
        assertThat(ofKind(variants.get(2), "CustomResourceDefinition")).isEmpty();
        assertThat(ofKind(variants.get(2), "Role")).isEmpty();
        assertThat(ofKind(variants.get(2), "ServiceAccount")).isEmpty();
        assertThat((Integer) at(ofKind(variants.get(1), "Deployment").get(0), "spec", "replicas")).isEqualTo(3);
        assertThat((String) at(ofKind(variants.get(2), "Deployment").get(0), "spec", "template", "spec", "serviceAccountName"))
                .isEqualTo("existing");
    }

    /** The Roles and ClusterRoles bound to Meridian's own ServiceAccount. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> meridianRoles(List<Map<String, Object>> docs) {
        Set<String> bound = new HashSet<>();
        for (Map<String, Object> binding : docs.stream()
                .filter(doc -> "ClusterRoleBinding".equals(doc.get("kind")) || "RoleBinding".equals(doc.get("kind"))).toList()) {
            boolean toMeridian = ((List<Map<String, Object>>) binding.get("subjects")).stream()
                    .anyMatch(subject -> "ServiceAccount".equals(subject.get("kind")) && "meridian".equals(subject.get("name")));
            if (toMeridian) {
                bound.add(at(binding, "roleRef", "kind") + "/" + at(binding, "roleRef", "name"));
            }
        }
        return docs.stream().filter(doc -> bound.contains(doc.get("kind") + "/" + at(doc, "metadata", "name"))).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void grantsNothingBeyondWhatTheControllerNeeds() throws Exception {
        for (List<Map<String, Object>> docs : List.of(render(), render("crds.upstream=true"),
                render("bindings.roles[0].name=dev", "bindings.roles[0].clusterSets={dev}"))) {
            Set<String> granted = new HashSet<>();
            List<Map<String, Object>> roles = meridianRoles(docs);
            assertThat(roles).extracting(role -> role.get("kind")).containsExactlyInAnyOrder("ClusterRole", "Role");
            for (Map<String, Object> role : roles) {
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
    @SuppressWarnings("unchecked")
    void shipsTheAdmissionPolicyThatChecksTheBindVerb() throws Exception {
        List<Map<String, Object>> docs = render();
        Map<String, Object> policy = ofKind(docs, "ValidatingAdmissionPolicy").get(0);
        Map<String, Object> binding = ofKind(docs, "ValidatingAdmissionPolicyBinding").get(0);

        assertThat((String) policy.get("apiVersion")).isEqualTo("admissionregistration.k8s.io/v1");
        assertThat((String) at(policy, "spec", "failurePolicy")).isEqualTo("Fail");
        Map<String, Object> rule = at(policy, "spec", "matchConstraints", "resourceRules", "0");
        assertThat((List<String>) rule.get("apiGroups")).containsExactly("scheduling.meridian.io");
        assertThat((List<String>) rule.get("resources")).containsExactly("clustersetbindings");
        assertThat((List<String>) rule.get("operations")).containsExactlyInAnyOrder("CREATE", "UPDATE");
        String expression = at(policy, "spec", "validations", "0", "expression");
        assertThat(expression.replaceAll("\\s", "")).isEqualTo("authorizer.group('scheduling.meridian.io')"
                + ".resource('clustersets').namespace(request.namespace).name(variables.clusterSet).check('bind').allowed()");
        assertThat((String) at(binding, "spec", "policyName")).isEqualTo(at(policy, "metadata", "name"));
        assertThat((List<String>) at(binding, "spec", "validationActions")).containsExactly("Deny");

        List<Map<String, Object>> without = render("bindings.admissionPolicy=false");
        assertThat(ofKind(without, "ValidatingAdmissionPolicy")).isEmpty();
        assertThat(ofKind(without, "ValidatingAdmissionPolicyBinding")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void bindRolesGrantBindOnTheirClustersetsOnly() throws Exception {
        List<Map<String, Object>> docs = render("bindings.roles[0].name=dev", "bindings.roles[0].clusterSets={dev,staging}",
                "bindings.roles[1].name=prod", "bindings.roles[1].clusterSets={prod}");
        List<Map<String, Object>> roles = ofKind(docs, "ClusterRole").stream()
                .filter(role -> String.valueOf((Object) at(role, "metadata", "name")).startsWith("meridian-bind-")).toList();

        assertThat(roles).extracting(role -> at(role, "metadata", "name")).containsExactly("meridian-bind-dev", "meridian-bind-prod");
        Map<String, Object> dev = roles.get(0);
        assertThat((Map<String, Object>) at(dev, "rules", "0")).containsEntry("apiGroups", List.of("scheduling.meridian.io"))
                .containsEntry("resources", List.of("clustersets")).containsEntry("resourceNames", List.of("dev", "staging"))
                .containsEntry("verbs", List.of("bind"));
        assertThat((Map<String, Object>) at(dev, "rules", "1")).containsEntry("resources", List.of("clustersetbindings"))
                .doesNotContainKey("resourceNames");
        assertThat(meridianRoles(docs)).noneMatch(role -> roles.contains(role));
        assertThat(ofKind(render(), "ClusterRole")).hasSize(1);
        assertThatThrownBy(() -> render("bindings.roles[0].name=dev"))
                .hasMessageContaining("bindings.roles[].clusterSets needs at least one clusterset");
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
                "config.fleet.locationProperty=topology.kubernetes.io/region", "config.tenancy.mode=open",
                "config.tenancy.ownNamespaceProfiles=false"), "ConfigMap").get(0);
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
        assertThat(properties.debounce()).isEqualTo(Duration.ofMillis(50));
        assertThat(properties.tenancy().mode()).isEqualTo(TenancyMode.open);
        assertThat(properties.tenancy().ownNamespaceProfiles()).isFalse();
    }

    @Test
    void tenancyDefaultsToBindingsWithOwnNamespaceProfiles() throws Exception {
        String yaml = at(ofKind(render(), "ConfigMap").get(0), "data", "application.yaml");
        List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                .load("chart", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));

        MeridianProperties properties = new Binder(ConfigurationPropertySources.from(sources))
                .bind("meridian", MeridianProperties.class).get();

        assertThat(properties.tenancy().mode()).isEqualTo(TenancyMode.bindings);
        assertThat(properties.tenancy().ownNamespaceProfiles()).isTrue();
    }
}
