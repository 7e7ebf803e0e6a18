package io.meridian.scheduler.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;

/**
 * A refused or failed API call in the words of the API server: the HTTP status, the
 * {@code metav1.Status} reason (a short CamelCase word such as {@code Invalid} or {@code Forbidden})
 * and its message. A call that never got an answer has code 0 and reason {@code ConnectionError}.
 */
record ApiFailure(int code, String reason, String message) {

    static final String CONNECTION_ERROR = "ConnectionError";

    static ApiFailure of(ApiException e) {
        if (e.getCode() == 0) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new ApiFailure(0, CONNECTION_ERROR, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        JsonObject status = status(e.getResponseBody());
        String reason = text(status, "reason");
        String message = text(status, "message");
        return new ApiFailure(e.getCode(), reason == null ? "Http" + e.getCode() : reason,
                message == null ? String.valueOf(e.getResponseBody()) : message);
    }

    boolean isNotFound() {
        return code == 404;
    }

    /** Code and reason, the part that stays the same while the same problem persists. */
    String condition() {
        return code + " " + reason;
    }

    @Override
    public String toString() {
        return code + " " + reason + ": " + message;
    }

    private static JsonObject status(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonElement parsed = JsonParser.parseString(body);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String text(JsonObject object, String field) {
        JsonElement value = object == null ? null : object.get(field);
        return value == null || !value.isJsonPrimitive() || value.getAsString().isBlank() ? null : value.getAsString();
    }
}
