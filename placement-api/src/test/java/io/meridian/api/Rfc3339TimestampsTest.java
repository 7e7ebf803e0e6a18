package io.meridian.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParseException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.inventory.ClusterProfile;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every timestamp the API server accepts for a date-time field is read, and written as client-java writes it. */
class Rfc3339TimestampsTest {

    private static final String PROFILE = """
            {"apiVersion": "multicluster.x-k8s.io/v1alpha1", "kind": "ClusterProfile",
             "metadata": {"name": "eu-1", "namespace": "fleet", "creationTimestamp": "2025-01-01T09:00:00Z"},
             "spec": {"displayName": "eu-1", "clusterManager": {"name": "ocm"}},
             "status": {"conditions": [{"type": "ControlPlaneHealthy", "status": "True", "reason": "Healthy",
                                        "message": "", "lastTransitionTime": "%s"}]}}
            """;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2025-01-01T10:00:00Z                | 2025-01-01T10:00:00Z",
            "2025-01-01T10:00:00.123456Z         | 2025-01-01T10:00:00.123456Z",
            "2025-01-01T10:00:00.1234567891Z     | 2025-01-01T10:00:00.123456789Z",
            "2025-01-01T10:00:00.12345678912345Z | 2025-01-01T10:00:00.123456789Z",
            "2025-01-01T10:00:00,5Z              | 2025-01-01T10:00:00.5Z",
            "2025-01-01T10:00:00 5Z              | 2025-01-01T10:00:00.5Z",
            "2025-01-01t10:00:00z                | 2025-01-01T10:00:00Z",
            "2025-01-01T12:30:00+02:30           | 2025-01-01T10:00:00Z",
            "2025-01-01T05:00:00.25-05:00        | 2025-01-01T10:00:00.25Z",
            "2025-01-01T10:00:00+99:99           | 2024-12-28T05:21:00Z",
            "2025-01-01T10:00:00+18:30           | 2024-12-31T15:30:00Z",
            "2025-01-01T10:00:00+0000            | 2025-01-01T10:00:00Z",
            "2025-01-01T10:00Z                   | 2025-01-01T10:00:00Z"})
    void readsWhatTheApiServerAccepts(String text, String instant) {
        assertThat(Rfc3339Timestamps.parse(text).toInstant()).isEqualTo(Instant.parse(instant));
    }

    @Test
    void keepsARepresentableOffset() {
        assertThat(Rfc3339Timestamps.parse("2025-01-01T12:30:00+02:30").getOffset())
                .isEqualTo(ZoneOffset.ofHoursMinutes(2, 30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-30T10:00:00Z", "2025-01-01T24:00:00Z", "2025-01-01", "yesterday", ""})
    void rejectsWhatIsNoTimestamp(String text) {
        assertThatThrownBy(() -> Rfc3339Timestamps.parse(text)).isInstanceOf(DateTimeException.class);
    }

    @Test
    void writesUtcWithMicrosecondsAsClientJavaDoes() {
        OffsetDateTime time = OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 500_000_000, ZoneOffset.ofHours(2));
        assertThat(ApiJson.gson().toJson(time)).isEqualTo("\"2025-01-01T10:00:00.500000Z\"");
    }

    @Test
    void decodesAProfileWithTenFractionDigits() {
        ClusterProfile profile = ApiJson.gson().fromJson(PROFILE.formatted("2025-01-01T10:00:00.1234567891Z"),
                ClusterProfile.class);
        assertThat(lastTransition(profile)).isEqualTo(Instant.parse("2025-01-01T10:00:00.123456789Z"));
    }

    @Test
    void clientJavasOwnJsonStaysLenientAfterANewApiClient() {
        ApiJson.installInClientJava();
        new ApiClient(); // rebuilds client-java's static Gson
        ClusterProfile profile = JSON.deserialize(PROFILE.formatted("2025-01-01T10:00:00,5Z"), ClusterProfile.class);
        assertThat(lastTransition(profile)).isEqualTo(Instant.parse("2025-01-01T10:00:00.5Z"));
    }

    @Test
    void anUnreadableTimestampNamesItsPath() {
        assertThatThrownBy(() -> ApiJson.gson().fromJson(PROFILE.formatted("2025-02-30T10:00:00Z"), ClusterProfile.class))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("2025-02-30T10:00:00Z")
                .hasMessageContaining("lastTransitionTime");
    }

    private static Instant lastTransition(ClusterProfile profile) {
        V1Condition condition = profile.status().conditions().get(0);
        return condition.getLastTransitionTime().toInstant();
    }
}
