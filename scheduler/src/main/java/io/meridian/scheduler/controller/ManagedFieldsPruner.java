package io.meridian.scheduler.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Set;

/**
 * Cuts each {@code metadata.managedFields[].fieldsV1} of an object down to what
 * {@link FieldOwnership} reads before the object is cached: which manager owns a Placement's
 * {@code status} or a slice's {@code decisions}, and the fields right under it. The full trees, a
 * map per field of every list entry, were most of the controller's heap at 10,000 Placements.
 */
final class ManagedFieldsPruner {

    /** The top-level fields whose ownership Meridian reads. */
    static final Set<String> READ = Set.of("f:status", "f:decisions");

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

    private static JsonObject twoLevels(JsonObject fields) {
        JsonObject pruned = new JsonObject();
        fields.entrySet().stream().filter(field -> READ.contains(field.getKey())).forEach(field -> {
            JsonObject children = new JsonObject();
            if (field.getValue().isJsonObject()) {
                field.getValue().getAsJsonObject().keySet().forEach(child -> children.add(child, new JsonObject()));
            }
            pruned.add(field.getKey(), children);
        });
        return pruned;
    }
}
