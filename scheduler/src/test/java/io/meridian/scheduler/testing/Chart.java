package io.meridian.scheduler.testing;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.Yaml;

/** The Helm chart rendered by a real helm, and its objects created on a test API server as helm would. */
public final class Chart {

    public static final Path CHART = Tools.REPOSITORY.resolve("charts/meridian");

    /** Where each kind the tests create lives: group, version, plural. */
    private static final Map<String, List<String>> RESOURCES = Map.of(
            "ServiceAccount", List.of("", "v1", "serviceaccounts"),
            "ClusterRole", List.of("rbac.authorization.k8s.io", "v1", "clusterroles"),
            "ClusterRoleBinding", List.of("rbac.authorization.k8s.io", "v1", "clusterrolebindings"),
            "Role", List.of("rbac.authorization.k8s.io", "v1", "roles"),
            "RoleBinding", List.of("rbac.authorization.k8s.io", "v1", "rolebindings"),
            "ValidatingAdmissionPolicy", List.of("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies"),
            "ValidatingAdmissionPolicyBinding",
            List.of("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings"));

    private Chart() {
    }

    /** {@code helm template meridian charts/meridian --namespace NAMESPACE --set ...}, one map per document. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> render(String namespace, String... sets) throws Exception {
        Path helm = Tools.binaries("install-helm.sh").resolve("helm");
        List<String> command = new ArrayList<>(List.of(helm.toString(), "template", "meridian", CHART.toString(),
                "--namespace", namespace));
        for (String set : sets) {
            command.add("--set");
            command.add(set);
        }
        return StreamSupport.stream(new Yaml().loadAll(Tools.run(command)).spliterator(), false)
                .filter(doc -> doc instanceof Map<?, ?>)
                .map(doc -> (Map<String, Object>) doc)
                .toList();
    }

    /** Creates the rendered objects of these kinds, in the order rendered. */
    public static void create(ApiClient client, List<Map<String, Object>> docs, Set<String> kinds) throws ApiException {
        for (Map<String, Object> doc : docs) {
            String kind = String.valueOf(doc.get("kind"));
            if (!kinds.contains(kind)) {
                continue;
            }
            List<String> resource = RESOURCES.get(kind);
            if (resource == null) {
                throw new IllegalArgumentException("no resource known for kind " + kind);
            }
            JsonObject json = new Gson().toJsonTree(doc).getAsJsonObject();
            new DynamicKubernetesApi(resource.get(0), resource.get(1), resource.get(2), client)
                    .create(new DynamicKubernetesObject(json)).throwsApiException();
        }
    }

    /** The first rendered object of this kind. */
    public static Map<String, Object> first(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(doc -> kind.equals(doc.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("the chart renders no " + kind));
    }
}
