package io.meridian.scheduler.controller;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One line for a failed API call: the HTTP status with the API server's reason and message, or
 * what went wrong on the way there, naming the server ({@code connection refused to
 * https://127.0.0.1:6443}) rather than client-java's {@code 0 null}.
 */
public final class ApiErrors {

    private static final int MAX_BODY = 300;

    private ApiErrors() {
    }

    /** Whether the call never got an HTTP answer: the API server is down, unreachable or not answering. */
    public static boolean isTransport(Throwable failure) {
        ApiException api = cause(failure, ApiException.class);
        return (api == null || api.getCode() == 0) && cause(failure, IOException.class) != null;
    }

    public static String describe(Throwable failure, String server) {
        ApiException api = cause(failure, ApiException.class);
        if (api != null && api.getCode() > 0) {
            return http(api);
        }
        ConnectException refused = cause(failure, ConnectException.class);
        if (refused != null && String.valueOf(deepest(refused).getMessage()).toLowerCase().contains("refused")) {
            return "connection refused to " + server;
        }
        if (cause(failure, UnknownHostException.class) != null) {
            return "unknown host in " + server;
        }
        if (cause(failure, NoRouteToHostException.class) != null || cause(failure, ConnectException.class) != null) {
            return "cannot connect to " + server + ": " + deepest(failure).getMessage();
        }
        SSLException tls = cause(failure, SSLException.class);
        if (tls != null) {
            return "TLS with " + server + " failed: " + tls.getMessage();
        }
        if (cause(failure, InterruptedIOException.class) != null || cause(failure, TimeoutException.class) != null) {
            return "no answer from " + server + " in time";
        }
        IOException io = cause(failure, IOException.class);
        if (io != null) {
            return "connection to " + server + " failed: " + io;
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** {@code HTTP 429 TooManyRequests: storage is (re)initializing}, from the Status the API server sent. */
    static String http(ApiException e) {
        String reason = "";
        String message = e.getResponseBody() == null ? "" : e.getResponseBody().strip();
        try {
            JsonElement body = JsonParser.parseString(message);
            if (body.isJsonObject() && "Status".equals(string(body.getAsJsonObject(), "kind"))) {
                reason = string(body.getAsJsonObject(), "reason");
                message = string(body.getAsJsonObject(), "message");
            }
        } catch (RuntimeException notJson) {
            // a proxy's page or plain text: shown as it is, shortened
        }
        if (message.length() > MAX_BODY) {
            message = message.substring(0, MAX_BODY) + "…";
        }
        return ("HTTP " + e.getCode() + (reason.isEmpty() ? "" : " " + reason)
                + (message.isEmpty() ? "" : ": " + message.lines().findFirst().orElse(""))).strip();
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value == null || !value.isJsonPrimitive() ? "" : value.getAsString();
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable deepest(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
