package io.meridian.api;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.JSON;
import java.lang.reflect.Field;
import java.time.OffsetDateTime;

/**
 * The Gson that client-java uses on the wire, so the model serialises exactly as the API server
 * expects, with timestamps read as leniently as the API server accepts them ({@link Rfc3339Timestamps}).
 */
public final class ApiJson {

    private static boolean installed;
    private static final Gson GSON = create();

    private ApiJson() {
    }

    public static Gson gson() {
        return GSON;
    }

    /**
     * Makes client-java's own JSON, through which every ApiClient, Watch and GenericKubernetesApi
     * decodes, read timestamps with {@link Rfc3339Timestamps}. client-java keeps one static Gson and
     * rebuilds it from static adapters whenever an ApiClient is created, so the adapter is swapped
     * at that source, not in one Gson that the next ApiClient would replace. Idempotent.
     */
    public static synchronized void installInClientJava() {
        if (installed) {
            return;
        }
        Rfc3339Timestamps timestamps = new Rfc3339Timestamps();
        try {
            Field adapter = JSON.class.getDeclaredField("offsetDateTimeTypeAdapter");
            adapter.setAccessible(true);
            adapter.set(null, timestamps);
            new JSON(); // rebuilds the static Gson with it
        } catch (ReflectiveOperationException | RuntimeException layoutChanged) {
            // Another client-java layout: the Gson in use now is lenient, the next ApiClient's is not.
            new JSON();
            JSON.setGson(JSON.getGson().newBuilder().registerTypeAdapter(OffsetDateTime.class, timestamps).create());
        }
        installed = true;
    }

    private static Gson create() {
        installInClientJava();
        return JSON.getGson();
    }
}
