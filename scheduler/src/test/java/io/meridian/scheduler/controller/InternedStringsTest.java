package io.meridian.scheduler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import io.meridian.api.ApiJson;
import io.meridian.api.placement.Placement;
import org.junit.jupiter.api.Test;

/** Cached objects share one instance of each string, and decode to the same values as before. */
class InternedStringsTest {

    private static final Gson DECODING = InternedStrings.decoding(ApiJson.gson());

    private static String placement(String name) {
        return """
                {"apiVersion": "scheduling.meridian.io/v1alpha1", "kind": "Placement",
                 "metadata": {"namespace": "apps", "name": "%s", "labels": {"team": "web"}},
                 "spec": {"placementType": "PickN", "numberOfClusters": 2},
                 "status": {"observedGeneration": 1, "numberOfSelectedClusters": 1,
                  "decisions": [{"clusterProfileRef": {"namespace": "fleet", "name": "eu-1"},
                                 "reason": "Location preference +100"}]}}
                """.formatted(name);
    }

    @Test
    void equalStringsOfDifferentObjectsAreOneInstance() {
        Placement web = DECODING.fromJson(placement("web"), Placement.class);
        Placement api = DECODING.fromJson(placement("api"), Placement.class);

        assertThat(api.metadata().getNamespace()).isSameAs(web.metadata().getNamespace());
        assertThat(api.metadata().getLabels().get("team")).isSameAs(web.metadata().getLabels().get("team"));
        assertThat(api.status().decisions().get(0).clusterProfileRef().name())
                .isSameAs(web.status().decisions().get(0).clusterProfileRef().name());
        assertThat(api.status().decisions().get(0).reason()).isSameAs(web.status().decisions().get(0).reason());
    }

    @Test
    void objectsDecodeAsWithoutInterning() {
        String json = placement("web");

        assertThat(DECODING.fromJson(json, Placement.class)).isEqualTo(ApiJson.gson().fromJson(json, Placement.class));
        assertThat(DECODING.toJson(DECODING.fromJson(json, Placement.class)))
                .isEqualTo(ApiJson.gson().toJson(ApiJson.gson().fromJson(json, Placement.class)));
    }

    @Test
    void aBooleanOrANullWhereAStringBelongsReadsAsGsonReadsIt() {
        assertThat(DECODING.fromJson("true", String.class)).isEqualTo("true");
        assertThat(DECODING.fromJson("null", String.class)).isNull();
    }
}
