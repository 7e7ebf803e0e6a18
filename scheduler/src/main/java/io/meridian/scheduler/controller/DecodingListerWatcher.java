package io.meridian.scheduler.controller;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.EventType;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Call;

/**
 * Lists and watches one resource as raw JSON and decodes object by object, so one object the Java
 * model cannot read is left out alone (see {@link UndecodableObjects}) instead of failing every
 * list and watch. On the watch, such an object counts as deleted: the cache then holds what a
 * fresh list would, and a restarted replica decides exactly as the running one.
 */
final class DecodingListerWatcher<T extends KubernetesObject, L extends KubernetesListObject>
        implements ListerWatcher<T, L> {

    private static final Type RAW_EVENT = TypeToken.getParameterized(Watch.Response.class, JsonObject.class).getType();
    private static final String[] AUTH = {"BearerToken"};

    private final ApiClient client;
    private final WatchedResource<T, L> resource;
    private final String namespace;
    private final Gson gson;
    private final UndecodableObjects undecodable;
    private final InformerHealth.Tracker health;

    DecodingListerWatcher(ApiClient client, WatchedResource<T, L> resource, String namespace, Gson gson,
                          UndecodableObjects undecodable, InformerHealth.Tracker health) {
        this.client = client;
        this.resource = resource;
        this.namespace = namespace;
        this.gson = gson;
        this.undecodable = undecodable;
        this.health = health;
    }

    @Override
    public L list(CallGeneratorParams params) throws ApiException {
        JsonObject list;
        try {
            list = client.<JsonObject>execute(call(params), JsonObject.class).getData();
        } catch (ApiException | RuntimeException e) {
            health.failed(e);
            throw e;
        }
        JsonArray decodable = new JsonArray();
        Set<String> keys = new HashSet<>();
        JsonArray items = list.has("items") && list.get("items").isJsonArray() ? list.getAsJsonArray("items") : new JsonArray();
        for (JsonElement item : items) {
            JsonObject object = ManagedFieldsPruner.prune(item.getAsJsonObject());
            keys.add(UndecodableObjects.key(object));
            if (undecodable.decode(object, resource.type()) != null) {
                decodable.add(object);
            }
        }
        undecodable.retainOnly(keys);
        list.add("items", decodable);
        L decoded = gson.fromJson(list, resource.listType());
        health.listed();
        return decoded;
    }

    @Override
    public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
        try {
            Watch<JsonObject> watch = Watch.createWatch(client, call(params), RAW_EVENT);
            health.watching();
            return new DecodingWatch(watch);
        } catch (ApiException | RuntimeException e) {
            health.failed(e);
            throw e;
        }
    }

    private Call call(CallGeneratorParams params) throws ApiException {
        List<Pair> query = new ArrayList<>();
        if (Boolean.TRUE.equals(params.watch)) {
            query.add(new Pair("watch", "true"));
        }
        if (params.resourceVersion != null) {
            query.add(new Pair("resourceVersion", params.resourceVersion));
        }
        if (params.timeoutSeconds != null) {
            query.add(new Pair("timeoutSeconds", params.timeoutSeconds.toString()));
        }
        Map<String, String> headers = new HashMap<>(Map.of("Accept", "application/json"));
        return client.buildCall(null, resource.path(namespace), "GET", query, new ArrayList<>(), null, headers,
                new HashMap<>(), new HashMap<>(), AUTH, null);
    }

    /** Decodes each event's object; one that cannot be decoded turns into a deletion or a mere bookmark. */
    private final class DecodingWatch implements Watchable<T> {

        private final Watch<JsonObject> raw;

        private DecodingWatch(Watch<JsonObject> raw) {
            this.raw = raw;
        }

        @Override
        public boolean hasNext() {
            return raw.hasNext();
        }

        @Override
        public Watch.Response<T> next() {
            Watch.Response<JsonObject> event = raw.next();
            if (event.object == null) {
                return new Watch.Response<>(event.type, event.status);
            }
            if (EventType.DELETED.name().equals(event.type)) {
                return new Watch.Response<>(event.type, undecodable.deleted(event.object, resource.type()));
            }
            T object = undecodable.decode(ManagedFieldsPruner.prune(event.object), resource.type());
            if (object != null) {
                return new Watch.Response<>(event.type, object);
            }
            // Added: nothing to add, only the resourceVersion to move past. Modified: drop what
            // the cache holds, as a fresh list would.
            String type = EventType.MODIFIED.name().equals(event.type) ? EventType.DELETED.name() : EventType.BOOKMARK.name();
            return new Watch.Response<>(type, undecodable.stub(event.object, resource.type()));
        }

        @Override
        public Iterator<Watch.Response<T>> iterator() {
            return this;
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
