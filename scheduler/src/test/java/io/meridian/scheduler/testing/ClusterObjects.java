package io.meridian.scheduler.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Placement;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingSpec;
import java.util.List;
import java.util.Map;

/** Creates, changes and reads the test fleet's objects through the API server, as a user would. */
public final class ClusterObjects {

    private final ApiClient client;
    private final CustomObjectsApi custom;
    private final CoreV1Api core;

    public ClusterObjects(ApiClient client) {
        this.client = client;
        this.custom = new CustomObjectsApi(client);
        this.core = new CoreV1Api(client);
    }

    public CoreV1Api core() {
        return core;
    }

    public void namespace(String name, Map<String, String> labels) throws ApiException {
        core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name).labels(labels))).execute();
    }

    /** Creates the profile, then writes its status through the status subresource like a cluster manager. */
    public void create(ClusterProfile profile) throws ApiException {
        JsonObject body = ApiJson.gson().toJsonTree(profile).getAsJsonObject();
        JsonElement status = body.remove("status");
        custom.createNamespacedCustomObject(ClusterProfile.GROUP, ClusterProfile.VERSION, profile.metadata().getNamespace(),
                ClusterProfile.PLURAL, body).execute();
        if (status != null) {
            updateStatus(profile);
        }
    }

    public void updateStatus(ClusterProfile profile) throws ApiException {
        JsonObject patch = new JsonObject();
        patch.add("status", ApiJson.gson().toJsonTree(profile.status()));
        PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObjectStatus(ClusterProfile.GROUP,
                        ClusterProfile.VERSION, profile.metadata().getNamespace(), ClusterProfile.PLURAL,
                        profile.metadata().getName(), new V1Patch(patch.toString())).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    public void labelProfile(String namespace, String name, String key, String value) throws ApiException {
        String patch = "{\"metadata\":{\"labels\":{\"" + key + "\":\"" + value + "\"}}}";
        PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObject(ClusterProfile.GROUP, ClusterProfile.VERSION,
                        namespace, ClusterProfile.PLURAL, name, new V1Patch(patch)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    /** Sets an annotation on a profile as an admin would, or removes it when {@code value} is null. */
    public void annotateProfile(String namespace, String name, String key, String value) throws ApiException {
        JsonObject annotations = new JsonObject();
        annotations.addProperty(key, value);
        JsonObject metadata = new JsonObject();
        metadata.add("annotations", annotations);
        JsonObject patch = new JsonObject();
        patch.add("metadata", metadata);
        PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObject(ClusterProfile.GROUP, ClusterProfile.VERSION,
                        namespace, ClusterProfile.PLURAL, name, new V1Patch(patch.toString())).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    public void create(Placement placement) throws ApiException {
        custom.createNamespacedCustomObject(Placement.GROUP, Placement.VERSION, placement.metadata().getNamespace(),
                Placement.PLURAL, ApiJson.gson().toJsonTree(placement)).execute();
    }

    /** Creates a Placement from raw JSON, for values the Java model cannot even hold. */
    public void create(String namespace, JsonObject placement) throws ApiException {
        custom.createNamespacedCustomObject(Placement.GROUP, Placement.VERSION, namespace, Placement.PLURAL, placement)
                .execute();
    }

    public void patchSpec(String namespace, String name, String specJson) throws ApiException {
        PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObject(Placement.GROUP, Placement.VERSION,
                        namespace, Placement.PLURAL, name, new V1Patch("{\"spec\":" + specJson + "}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    public void deletePlacement(String namespace, String name) throws ApiException {
        custom.deleteNamespacedCustomObject(Placement.GROUP, Placement.VERSION, namespace, Placement.PLURAL, name).execute();
    }

    public Placement placement(String namespace, String name) throws ApiException {
        Object raw = custom.getNamespacedCustomObject(Placement.GROUP, Placement.VERSION, namespace, Placement.PLURAL, name)
                .execute();
        return ApiJson.gson().fromJson(ApiJson.gson().toJsonTree(raw), Placement.class);
    }

    /** The slices labelled with this placement-key value. */
    public List<PlacementDecision> slices(String namespace, String placement) throws ApiException {
        Object raw = custom.listNamespacedCustomObject(PlacementDecision.GROUP, PlacementDecision.VERSION, namespace,
                PlacementDecision.PLURAL).labelSelector(PlacementDecision.PLACEMENT_KEY_LABEL + "=" + placement).execute();
        return items(raw, PlacementDecision.class);
    }

    private static <T extends io.kubernetes.client.common.KubernetesObject> List<T> items(Object rawList, Class<T> type) {
        JsonObject list = ApiJson.gson().toJsonTree(rawList).getAsJsonObject();
        return list.getAsJsonArray("items").asList().stream()
                .map(item -> ApiJson.gson().fromJson(item, type))
                .sorted(java.util.Comparator.comparing(o -> o.getMetadata().getName()))
                .toList();
    }

    public PlacementDecision slice(String namespace, String name) throws ApiException {
        Object raw = custom.getNamespacedCustomObject(PlacementDecision.GROUP, PlacementDecision.VERSION, namespace,
                PlacementDecision.PLURAL, name).execute();
        return ApiJson.gson().fromJson(ApiJson.gson().toJsonTree(raw), PlacementDecision.class);
    }

    /** Whether the API server still holds the slice. */
    public boolean hasSlice(String namespace, String name) throws ApiException {
        try {
            slice(namespace, name);
            return true;
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Every Placement in every namespace. */
    public List<Placement> placements() throws ApiException {
        Object raw = custom.listClusterCustomObject(Placement.GROUP, Placement.VERSION, Placement.PLURAL).execute();
        return items(raw, Placement.class);
    }

    /** Every PlacementDecision in every namespace, whoever wrote it. */
    public List<PlacementDecision> allSlices() throws ApiException {
        Object raw = custom.listClusterCustomObject(PlacementDecision.GROUP, PlacementDecision.VERSION,
                PlacementDecision.PLURAL).execute();
        return items(raw, PlacementDecision.class);
    }

    /**
     * Edits a Placement's status with a JSON merge patch, as a person with kubectl would, under
     * the given field manager.
     *
     * @return the Placement as the API server answered, with its managedFields
     */
    public Placement editStatus(String namespace, String name, String statusJson, String fieldManager)
            throws ApiException {
        return editStatus(namespace, name, statusJson, fieldManager, false);
    }

    /** @param dryRun only ask whether the API server would accept the edit */
    public Placement editStatus(String namespace, String name, String statusJson, String fieldManager, boolean dryRun)
            throws ApiException {
        Object raw = PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObjectStatus(Placement.GROUP,
                        Placement.VERSION, namespace, Placement.PLURAL, name,
                        new V1Patch("{\"status\":" + statusJson + "}")).fieldManager(fieldManager)
                        .dryRun(dryRun ? "All" : null).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        return ApiJson.gson().fromJson(ApiJson.gson().toJsonTree(raw), Placement.class);
    }

    /** Binds the clusterset to the namespace with a ClusterSetBinding named after it, as whoever this client is. */
    public void bind(String namespace, String clusterSet) throws ApiException {
        bind(namespace, clusterSet, false);
    }

    /** @param dryRun only ask whether the API server, its admission included, would accept the binding */
    public void bind(String namespace, String clusterSet, boolean dryRun) throws ApiException {
        ClusterSetBinding binding = new ClusterSetBinding(ClusterSetBinding.API_VERSION, ClusterSetBinding.KIND,
                new V1ObjectMeta().namespace(namespace).name(clusterSet), new ClusterSetBindingSpec(clusterSet), null);
        custom.createNamespacedCustomObject(ClusterSetBinding.GROUP, ClusterSetBinding.VERSION, namespace,
                ClusterSetBinding.PLURAL, ApiJson.gson().toJsonTree(binding)).dryRun(dryRun ? "All" : null).execute();
    }

    /** Creates a ClusterSetBinding from raw JSON, for values the Java model cannot even hold. */
    public void createBinding(String namespace, JsonObject binding) throws ApiException {
        custom.createNamespacedCustomObject(ClusterSetBinding.GROUP, ClusterSetBinding.VERSION, namespace,
                ClusterSetBinding.PLURAL, binding).execute();
    }

    public ClusterSetBinding binding(String namespace, String name) throws ApiException {
        Object raw = custom.getNamespacedCustomObject(ClusterSetBinding.GROUP, ClusterSetBinding.VERSION, namespace,
                ClusterSetBinding.PLURAL, name).execute();
        return ApiJson.gson().fromJson(ApiJson.gson().toJsonTree(raw), ClusterSetBinding.class);
    }

    public void patchBinding(String namespace, String name, String specJson) throws ApiException {
        PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObject(ClusterSetBinding.GROUP,
                        ClusterSetBinding.VERSION, namespace, ClusterSetBinding.PLURAL, name,
                        new V1Patch("{\"spec\":" + specJson + "}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    public void deleteBinding(String namespace, String name) throws ApiException {
        custom.deleteNamespacedCustomObject(ClusterSetBinding.GROUP, ClusterSetBinding.VERSION, namespace,
                ClusterSetBinding.PLURAL, name).execute();
    }

    /** Creates a cluster-scoped object of any kind from its JSON, such as an admission policy. */
    public void createClusterObject(String group, String version, String plural, String json) throws ApiException {
        new DynamicKubernetesApi(group, version, plural, client)
                .create(new DynamicKubernetesObject(JsonParser.parseString(json).getAsJsonObject())).throwsApiException();
    }

    public void deleteClusterObject(String group, String version, String plural, String name) throws ApiException {
        new DynamicKubernetesApi(group, version, plural, client).delete(name).throwsApiException();
    }

    /** Edits a PlacementDecision with a JSON merge patch under the given field manager. */
    public void editSlice(String namespace, String name, String json, String fieldManager) throws ApiException {
        PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObject(PlacementDecision.GROUP,
                        PlacementDecision.VERSION, namespace, PlacementDecision.PLURAL, name, new V1Patch(json))
                        .fieldManager(fieldManager).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    public void create(PlacementDecision slice) throws ApiException {
        custom.createNamespacedCustomObject(PlacementDecision.GROUP, PlacementDecision.VERSION,
                slice.metadata().getNamespace(), PlacementDecision.PLURAL, ApiJson.gson().toJsonTree(slice)).execute();
    }

    public void deleteSlice(String namespace, String name) throws ApiException {
        custom.deleteNamespacedCustomObject(PlacementDecision.GROUP, PlacementDecision.VERSION, namespace,
                PlacementDecision.PLURAL, name).execute();
    }

}
