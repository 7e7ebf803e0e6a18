package io.meridian.scheduler.plan;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.ClusterProfileList;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementList;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lists what a scheduling pass reads (ClusterProfiles, Namespaces, Placements and, unless tenancy
 * is open, ClusterSetBindings) from a live API server. Never writes.
 */
public final class LiveFleetReader {

    private final ApiClient client;

    public LiveFleetReader(ApiClient client) {
        this.client = client;
    }

    /** @param withBindings list the ClusterSetBindings too; their CRD must then be installed */
    public Manifests read(boolean withBindings) {
        List<ClusterProfile> profiles = list(new GenericKubernetesApi<>(ClusterProfile.class, ClusterProfileList.class,
                ClusterProfile.GROUP, ClusterProfile.VERSION, ClusterProfile.PLURAL, client), "ClusterProfiles");
        List<Placement> placements = list(new GenericKubernetesApi<>(Placement.class, PlacementList.class,
                Placement.GROUP, Placement.VERSION, Placement.PLURAL, client), "Placements");
        Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
        for (V1Namespace namespace : list(new GenericKubernetesApi<>(V1Namespace.class, V1NamespaceList.class,
                "", "v1", "namespaces", client), "Namespaces")) {
            Map<String, String> labels = namespace.getMetadata().getLabels();
            namespaceLabels.put(namespace.getMetadata().getName(), labels == null ? Map.of() : labels);
        }
        List<ClusterSetBinding> bindings = withBindings ? list(new GenericKubernetesApi<>(ClusterSetBinding.class,
                ClusterSetBindingList.class, ClusterSetBinding.GROUP, ClusterSetBinding.VERSION, ClusterSetBinding.PLURAL,
                client), "ClusterSetBindings (plan with --tenancy=open on an API server without their CRD)") : List.of();
        return new Manifests(profiles, placements, namespaceLabels, Map.of(), bindings);
    }

    private <T extends KubernetesObject, L extends KubernetesListObject> List<T> list(GenericKubernetesApi<T, L> api,
                                                                                    String what) {
        KubernetesApiResponse<L> response;
        try {
            response = api.list();
        } catch (RuntimeException unreachable) {
            Throwable root = unreachable;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new InvalidManifestException("cannot list " + what + " from " + client.getBasePath() + ": "
                    + root.getMessage(), unreachable);
        }
        if (!response.isSuccess()) {
            throw new InvalidManifestException("cannot list " + what + " from " + client.getBasePath() + ": HTTP "
                    + response.getHttpStatusCode() + (response.getStatus() == null ? "" : " " + response.getStatus().getMessage()));
        }
        @SuppressWarnings("unchecked")
        List<T> items = (List<T>) response.getObject().getItems();
        return items;
    }
}
