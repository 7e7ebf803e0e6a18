package io.meridian.scheduler.fleet;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.meridian.api.placement.Taint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the taints admins put in a ClusterProfile's {@link Taint#ANNOTATION} annotation, a JSON list
 * such as {@code [{"key":"example.com/maintenance","effect":"NoSelect"}]}. Never throws: a taint
 * with an unknown effect keeps its key and acts as NoSelect, and text that is not a list of taints
 * with keys becomes one {@link Taint#UNREADABLE} NoSelect taint saying what is wrong, so that a
 * cluster an admin meant to taint is never selected by mistake.
 */
final class TaintReader {

    /** Longest piece of an annotation quoted in a description. */
    private static final int MAX_QUOTED = 64;

    private TaintReader() {
    }

    static List<ClusterTaint> read(String annotation) {
        if (annotation == null || annotation.isBlank()) {
            return List.of();
        }
        JsonElement json;
        try {
            json = JsonParser.parseString(annotation);
        } catch (RuntimeException notJson) {
            return List.of(unreadable("is not JSON"));
        }
        if (!json.isJsonArray()) {
            return List.of(unreadable("is not a JSON list of taints"));
        }
        List<ClusterTaint> taints = new ArrayList<>();
        JsonArray entries = json.getAsJsonArray();
        int broken = 0;
        for (JsonElement entry : entries) {
            ClusterTaint taint = entry.isJsonObject() ? taint(entry.getAsJsonObject()) : null;
            if (taint == null) {
                broken++;
            } else {
                taints.add(taint);
            }
        }
        if (broken > 0) {
            taints.add(unreadable("has " + broken + " of " + entries.size() + " entries that are not taints with a key"));
        }
        return taints;
    }

    private static ClusterTaint taint(JsonObject entry) {
        String key = string(entry, "key");
        if (key == null || key.isBlank()) {
            return null;
        }
        String value = string(entry, "value");
        String effectName = string(entry, "effect");
        TaintEffect effect = TaintEffect.parse(effectName);
        String text = quoted(key) + (value == null || value.isEmpty() ? "" : "=" + quoted(value));
        String description;
        if (effect != TaintEffect.UNKNOWN) {
            description = "tainted " + text + ":" + effect.wireName();
        } else if (effectName == null) {
            description = "tainted " + text + " without an effect (treated as NoSelect)";
        } else {
            description = "tainted " + text + ":" + quoted(effectName) + " (an unknown effect, treated as NoSelect)";
        }
        return new ClusterTaint(key, value == null ? "" : value, effect, time(string(entry, "timeAdded")),
                description, true);
    }

    private static ClusterTaint unreadable(String problem) {
        return new ClusterTaint(Taint.UNREADABLE, "", TaintEffect.NO_SELECT, null,
                "annotation " + Taint.ANNOTATION + " " + problem, true);
    }

    private static String string(JsonObject entry, String field) {
        JsonElement value = entry.get(field);
        return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
    }

    private static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }

    private static String quoted(String text) {
        return text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "…";
    }
}
