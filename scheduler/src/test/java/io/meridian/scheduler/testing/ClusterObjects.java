package io.meridian.scheduler.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.PatchUtils;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.placement.Placement;
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
}
