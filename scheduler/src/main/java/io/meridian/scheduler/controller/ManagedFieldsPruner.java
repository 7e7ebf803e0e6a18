package io.meridian.scheduler.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Cuts each {@code metadata.managedFields[].fieldsV1} of an object down to what
 * {@link FieldOwnership} reads before the object is cached: which manager owns a Placement's
 * {@code status} or a slice's {@code decisions}, and the fields right under it. The full trees, a
 * map per field of every list entry, were most of the controller's heap at 10,000 Placements.
 */
final class ManagedFieldsPruner {

    private ManagedFieldsPruner() {
    }

    static JsonObject prune(JsonObject object) {
        JsonElement metadata = object.get("metadata");
        if (metadata == null || !metadata.isJsonObject()) {
            return object;
        }
        JsonElement entries = metadata.getAsJsonObject().get("managedFields");
        if (entries == null || !entries.isJsonArray()) {
            return object;
        }
        for (JsonElement entry : entries.getAsJsonArray()) {
            if (entry.isJsonObject() && entry.getAsJsonObject().get("fieldsV1") instanceof JsonObject fields) {
                entry.getAsJsonObject().add("fieldsV1", twoLevels(fields));
            }
        }
        return object;
    }

    /** {@code f:status} for {@code status}: managedFields prefix each field name with {@code f:}. */
    private static boolean isRead(String key) {
        return key.startsWith("f:") && FieldOwnership.FIELDS.contains(key.substring(2));
    }

    private static JsonObject twoLevels(JsonObject fields) {
        JsonObject pruned = new JsonObject();
        fields.entrySet().stream().filter(field -> isRead(field.getKey())).forEach(field -> {
            JsonObject children = new JsonObject();
            if (field.getValue().isJsonObject()) {
                field.getValue().getAsJsonObject().keySet().forEach(child -> children.add(child, new JsonObject()));
            }
            pruned.add(field.getKey(), children);
        });
        return pruned;
    }
}
