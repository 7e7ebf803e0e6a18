package io.meridian.api;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.JSON;

/** The Gson that client-java uses on the wire, so the model serialises exactly as the API server expects. */
public final class ApiJson {

    private static final Gson GSON = create();

    private ApiJson() {
    }

    public static Gson gson() {
        return GSON;
    }

    private static Gson create() {
        // client-java fills its static Gson in the JSON constructor.
        new JSON();
        return JSON.getGson();
    }
}
