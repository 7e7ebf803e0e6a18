package io.meridian.scheduler.controller;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.micrometer.core.instrument.Counter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one informer's objects one at a time, so an object the Java model cannot read is left
 * out alone instead of failing the whole list. Each such object version is logged once with its
 * key and counted in {@code meridian_undecodable_objects_total{kind}}; when it is fixed or
 * deleted, that is logged too.
 */
final class UndecodableObjects {

    private static final Logger log = LoggerFactory.getLogger(UndecodableObjects.class);

    private final String kind;
    private final Gson gson;
    private final Counter counter;
    /** Key of each object left out, with the resourceVersion that could not be decoded. */
    private final Map<String, String> leftOut = new ConcurrentHashMap<>();

    UndecodableObjects(String kind, Gson gson, ControllerMetrics metrics) {
        this.kind = kind;
        this.gson = gson;
        this.counter = metrics.undecodable(kind);
    }

    /**
     * The object, or null when it cannot be decoded (reported). Decoded from text, not from the
     * tree: Gson's tree reader silently wraps a number too large for an int field.
     */
    <T> T decode(JsonObject raw, Class<T> type) {
        String key = key(raw);
        try {
            T object = gson.fromJson(raw.toString(), type);
            if (leftOut.remove(key) != null) {
                log.info("{} {} is decodable again and taken into account", kind, key);
            }
            return object;
        } catch (RuntimeException e) {
            String version = string(raw.getAsJsonObject("metadata"), "resourceVersion");
            if (!version.equals(leftOut.put(key, version))) {
                counter.increment();
                log.warn("{} {} (resourceVersion {}) cannot be decoded and is left out until it changes: {}", kind, key,
                        version, reason(e));
            }
            return null;
        }
    }

    /**
     * Just the kind and metadata of an object that cannot be decoded: enough for the informer to
     * forget it or to move past its resourceVersion.
     */
    <T> T stub(JsonObject raw, Class<T> type) {
        JsonObject stub = new JsonObject();
        for (String field : new String[] {"apiVersion", "kind", "metadata"}) {
            if (raw.has(field)) {
                stub.add(field, raw.get(field));
            }
        }
        return gson.fromJson(stub.toString(), type);
    }

    /** The deleted object as far as it can be decoded: whole, or else just its kind and metadata. */
    <T> T deleted(JsonObject raw, Class<T> type) {
        leftOut.remove(key(raw));
        try {
            return gson.fromJson(raw.toString(), type);
        } catch (RuntimeException undecodable) {
            return stub(raw, type);
        }
    }

    /** After a full list: what was not in it is gone. */
    void retainOnly(Set<String> keys) {
        leftOut.keySet().retainAll(keys);
    }

    /** Gson wraps the real failure, taking its toString() as message: the real failure's message reads better. */
    private static String reason(RuntimeException e) {
        Throwable cause = e.getCause();
        return cause != null && cause.toString().equals(e.getMessage()) ? cause.getMessage() : e.getMessage();
    }

    static String key(JsonObject raw) {
        JsonObject metadata = raw.getAsJsonObject("metadata");
        String namespace = string(metadata, "namespace");
        String name = string(metadata, "name");
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object == null ? null : object.get(field);
        return value == null || !value.isJsonPrimitive() ? "" : value.getAsString();
    }
}
