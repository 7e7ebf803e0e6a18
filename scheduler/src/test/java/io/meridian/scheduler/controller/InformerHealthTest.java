package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiException;
import io.meridian.scheduler.testing.LogCapture;
import io.meridian.scheduler.testing.MutableClock;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InformerHealthTest {

    private static final String SERVER = "https://127.0.0.1:6443";

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    private final InformerHealth health = new InformerHealth(Duration.ofSeconds(60),
            new ApiConnectivity(SERVER, clock), clock);
    private final LogCapture logs = LogCapture.of("io.meridian.scheduler.controller");

    @AfterEach
    void detach() {
        logs.close();
    }

    static ApiException status(int code, String reason, String message) {
        return new ApiException(reason, code, Map.of(), """
                {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "%s", "message": "%s", "code": %d}
                """.formatted(reason, message, code));
    }

    static ApiException refused() {
        ConnectException okhttp = new ConnectException("Failed to connect to /127.0.0.1:6443");
        okhttp.initCause(new ConnectException("Connection refused"));
        return new ApiException(okhttp);
    }

    @Test
    void anInformerThatHasNotListedIsStaleAfterTheConfiguredTime() {
        InformerHealth.Tracker profiles = health.track("ClusterProfile");
        profiles.started();

        clock.advance(Duration.ofSeconds(59));
        assertThat(health.stale()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(health.stale()).containsExactly("ClusterProfile: not listed 60 s after start");

        profiles.listed();
        assertThat(health.stale()).isEmpty();
    }

    @Test
    void aSyncedInformerWhoseListAndWatchKeepFailingTurnsStaleAndRecovers() {
        InformerHealth.Tracker profiles = health.track("ClusterProfile");
        InformerHealth.Tracker placements = health.track("Placement");
        profiles.started();
        placements.started();
        profiles.listed();
        placements.listed();

        clock.advance(Duration.ofMinutes(10));
        profiles.failed(status(404, "NotFound", "the server could not find the requested resource"));
        clock.advance(Duration.ofSeconds(30));
        profiles.failed(status(404, "NotFound", "the server could not find the requested resource"));
        assertThat(health.stale()).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        assertThat(health.stale()).containsExactly("ClusterProfile: list and watch failing for 61 s: "
                + "HTTP 404 NotFound: the server could not find the requested resource");

        profiles.watching();
        assertThat(health.stale()).isEmpty();
    }

    @Test
    void logsAConditionOnceWhenItStartsThenEveryThirtySecondsAndWhenItClears() {
        InformerHealth.Tracker profiles = health.track("ClusterProfile");
        profiles.started();
        for (int i = 0; i < 29; i++) {
            profiles.failed(status(403, "Forbidden", "clusterprofiles is forbidden"));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(logs.lines()).containsExactly(
                "WARN ClusterProfile informer failing: HTTP 403 Forbidden: clusterprofiles is forbidden; retrying");

        clock.advance(Duration.ofSeconds(1));
        profiles.failed(status(403, "Forbidden", "clusterprofiles is forbidden"));
        profiles.failed(status(500, "InternalError", "etcdserver: request timed out"));
        profiles.listed();

        assertThat(logs.lines()).containsExactly(
                "WARN ClusterProfile informer failing: HTTP 403 Forbidden: clusterprofiles is forbidden; retrying",
                "WARN ClusterProfile informer still failing after 30 s: HTTP 403 Forbidden: clusterprofiles is forbidden; retrying",
                "WARN ClusterProfile informer failing: HTTP 500 InternalError: etcdserver: request timed out; retrying",
                "INFO ClusterProfile informer recovered after 30 s");
    }

    @Test
    void theApiServerStartingUpIsNoWarning() {
        health.track("Placement").failed(status(429, "TooManyRequests", "storage is (re)initializing"));

        assertThat(logs.lines()).containsExactly(
                "INFO Placement informer failing: HTTP 429 TooManyRequests: storage is (re)initializing; retrying");
    }

    @Test
    void anUnreachableApiServerIsOneLineForAllInformersNamingTheServer() {
        InformerHealth.Tracker profiles = health.track("ClusterProfile");
        InformerHealth.Tracker placements = health.track("Placement");
        for (int second = 0; second < 31; second++) {
            profiles.failed(refused());
            placements.failed(refused());
            clock.advance(Duration.ofSeconds(1));
        }
        placements.listed();

        assertThat(logs.lines()).containsExactly(
                "WARN connection to the API server failing: connection refused to " + SERVER + "; retrying",
                "WARN connection to the API server still failing after 30 s: connection refused to " + SERVER + "; retrying",
                "INFO connection to the API server recovered after 31 s");
    }

    @Test
    void failuresWhileStoppingAreNoCondition() {
        InformerHealth.Tracker profiles = health.track("ClusterProfile");
        profiles.started();
        profiles.listed();
        profiles.stopping();

        profiles.failed(new ApiException(new java.io.InterruptedIOException("interrupted")));
        clock.advance(Duration.ofMinutes(5));

        assertThat(logs.lines()).isEmpty();
        assertThat(health.stale()).isEmpty();
    }
}
