package io.meridian.scheduler.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.meridian.scheduler.testing.KubeApiServer;
import io.meridian.scheduler.testing.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code helm install} and {@code helm uninstall} of the chart against a real API server: the
 * release's objects come and go, the CRDs (and so every Placement, ClusterProfile and
 * PlacementDecision) stay.
 */
class HelmInstallIT {

    private static final Path CHART = Tools.REPOSITORY.resolve("charts/meridian");

    private KubeApiServer apiServer;
    private Path helm;

    @BeforeEach
    void startEmptyApiServer() throws Exception {
        helm = Tools.binaries("install-helm.sh").resolve("helm");
        apiServer = KubeApiServer.startEmpty();
    }

    @AfterEach
    void stop() {
        apiServer.close();
    }

    private String helm(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(helm.toString(), "--kubeconfig", apiServer.kubeconfig().toString()));
        command.addAll(List.of(args));
        return Tools.run(command);
    }

    private List<String> crdNames() throws Exception {
        return new ApiextensionsV1Api(apiServer.client()).listCustomResourceDefinition().execute().getItems().stream()
                .map(V1CustomResourceDefinition::getMetadata).map(m -> m.getName()).sorted().toList();
    }

    /** Names of the cluster-scoped admission objects of this kind, as the API server holds them. */
    private List<String> names(String plural) {
        return new DynamicKubernetesApi("admissionregistration.k8s.io", "v1", plural, apiServer.client()).list()
                .getObject().getItems().stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }

    private boolean deploymentExists() throws Exception {
        return !new AppsV1Api(apiServer.client()).listNamespacedDeployment("meridian-system").execute().getItems().isEmpty();
    }

    @Test
    void defaultValuesInstallMeridiansCrdsAndUninstallKeepsThem() throws Exception {
        helm("install", "meridian", CHART.toString(), "-n", "meridian-system", "--create-namespace", "--wait=false");

        assertThat(crdNames()).containsExactly("clustersetbindings.scheduling.meridian.io",
                "placements.scheduling.meridian.io");
        assertThat(deploymentExists()).isTrue();
        assertThat(names("validatingadmissionpolicies")).containsExactly("meridian-clusterset-bind");
        assertThat(names("validatingadmissionpolicybindings")).containsExactly("meridian-clusterset-bind");

        assertThat(helm("uninstall", "meridian", "-n", "meridian-system"))  // helm names what the keep policy kept
                .contains("placements.scheduling.meridian.io", "clustersetbindings.scheduling.meridian.io");
        assertThat(deploymentExists()).isFalse();
        assertThat(crdNames()).containsExactly("clustersetbindings.scheduling.meridian.io",
                "placements.scheduling.meridian.io");
        assertThat(names("validatingadmissionpolicies")).isEmpty();
    }

    @Test
    void upstreamCrdsAreKeptOnUninstallLikeOurOwn() throws Exception {
        helm("install", "meridian", CHART.toString(), "-n", "meridian-system", "--create-namespace", "--wait=false",
                "--set", "crds.upstream=true");
        List<String> installed = crdNames();

        helm("uninstall", "meridian", "-n", "meridian-system");

        assertThat(installed).containsExactly("clusterprofiles.multicluster.x-k8s.io",
                "clustersetbindings.scheduling.meridian.io", "placementdecisions.multicluster.x-k8s.io",
                "placements.scheduling.meridian.io");
        assertThat(crdNames()).isEqualTo(installed);
        assertThat(deploymentExists()).isFalse();
    }
}
