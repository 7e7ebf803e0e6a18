package io.meridian.scheduler.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.models.V1ManagedFieldsEntry;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.ApiJson;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code metadata.managedFields}: the API server records, per field manager, which fields
 * it set. A field someone else changed moves to their manager; a field someone else removed
 * leaves Meridian's. So a field whose only manager is Meridian's still holds what Meridian wrote.
 */
final class FieldOwnership {

    /**
     * The top-level fields whose ownership can be asked about: a Placement's {@code status} and a
     * slice's {@code decisions}. Informer caches keep only these ({@link ManagedFieldsPruner}).
     */
    static final Set<String> FIELDS = Set.of("status", "decisions");

    private FieldOwnership() {
    }

    /**
     * @param field    a top-level field such as {@code status} or {@code decisions}
     * @param required fields under it that the manager must still own, such as {@code observedGeneration}
     * @return whether {@code manager} owns {@code field} and each required field under it, and no
     *         other manager owns anything under {@code field}
     */
    static boolean soleOwner(V1ObjectMeta metadata, String manager, String field, List<String> required) {
        if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException(field + " is not kept in the caches' managedFields: " + FIELDS);
        }
        List<V1ManagedFieldsEntry> entries = metadata == null ? null : metadata.getManagedFields();
        if (entries == null) {
            return false;
        }
        boolean owned = false;
        for (V1ManagedFieldsEntry entry : entries) {
            JsonElement fields = fields(entry).get("f:" + field);
            if (fields == null) {
                continue;
            }
            if (!manager.equals(entry.getManager())) {
                return false;
            }
            owned = fields.isJsonObject() && required.stream().allMatch(f -> fields.getAsJsonObject().has("f:" + f));
        }
        return owned;
    }

    private static JsonObject fields(V1ManagedFieldsEntry entry) {
        JsonElement tree = entry.getFieldsV1() == null ? null : ApiJson.gson().toJsonTree(entry.getFieldsV1());
        return tree != null && tree.isJsonObject() ? tree.getAsJsonObject() : new JsonObject();
    }
}
