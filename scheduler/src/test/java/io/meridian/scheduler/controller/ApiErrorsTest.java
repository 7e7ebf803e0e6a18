package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private static final String SERVER = "https://127.0.0.1:6443";

    @Test
    void aClosedPortIsConnectionRefusedToTheServer() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closed;
        IOException failure = null;
        try {
            new OkHttpClient().newCall(new Request.Builder().url(url).build()).execute();
        } catch (IOException e) {
            failure = e;
        }
        ApiException asClientJavaThrowsIt = new ApiException(failure);

        assertThat(ApiErrors.describe(asClientJavaThrowsIt, url)).isEqualTo("connection refused to " + url);
        assertThat(ApiErrors.isTransport(asClientJavaThrowsIt)).isTrue();
    }

    @Test
    void anHttpErrorShowsStatusReasonAndMessage() {
        ApiException e = InformerHealthTest.status(429, "TooManyRequests", "storage is (re)initializing");

        assertThat(ApiErrors.describe(e, SERVER)).isEqualTo("HTTP 429 TooManyRequests: storage is (re)initializing");
        assertThat(ApiErrors.isTransport(e)).isFalse();
    }

    @Test
    void aBodyThatIsNoStatusIsShownShortened() {
        ApiException e = new ApiException("Bad Gateway", 502, Map.of(), "<html>" + "x".repeat(1000) + "</html>");

        assertThat(ApiErrors.describe(e, SERVER)).startsWith("HTTP 502: <html>xxx").hasSizeLessThan(320);
    }

    @Test
    void aTimeoutSaysTheServerDidNotAnswer() {
        ApiException e = new ApiException(new SocketTimeoutException("timeout"));

        assertThat(ApiErrors.describe(e, SERVER)).isEqualTo("no answer from " + SERVER + " in time");
        assertThat(ApiErrors.isTransport(e)).isTrue();
    }

    @Test
    void anythingElseKeepsItsTypeAndMessage() {
        assertThat(ApiErrors.describe(new IllegalStateException("odd"), SERVER)).isEqualTo("IllegalStateException: odd");
        assertThat(ApiErrors.isTransport(new ApiException(0, "no body"))).isFalse();
    }
}
