package io.meridian.scheduler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubernetes.client.extended.event.EventType;
import io.kubernetes.client.extended.event.legacy.EventBroadcaster;
import io.kubernetes.client.extended.event.legacy.EventCorrelator;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.kubernetes.client.extended.event.legacy.LegacyEventBroadcaster;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.scheduler.testing.KubeApiServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events written without reading the answer back are still created, and repeats still aggregate. */
class EventWritesIT {

    @Test
    void anEventIsCreatedAndItsRepeatCountsOnTheSameEvent() throws Exception {
        try (KubeApiServer apiServer = KubeApiServer.startEmpty()) {
            CoreV1Api core = new CoreV1Api(apiServer.client());
            V1ConfigMap object = core.createNamespacedConfigMap("default",
                    new V1ConfigMap().metadata(new V1ObjectMeta().name("subject"))).execute();
            EventBroadcaster broadcaster = new LegacyEventBroadcaster(new EventCorrelator(),
                    new EventWrites(apiServer.client()));
            broadcaster.startRecording();
            try {
                EventRecorder recorder = broadcaster.newRecorder(new V1EventSource().component("meridian-scheduler"));

                recorder.event(object, EventType.Normal, "DecisionChanged", "selected %s", "eu-1");
                await().atMost(Duration.ofSeconds(30)).until(() -> events(core).size() == 1);
                recorder.event(object, EventType.Normal, "DecisionChanged", "selected %s", "eu-1");

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events(core))
                        .singleElement().satisfies(event -> {
                            assertThat(event.getReason()).isEqualTo("DecisionChanged");
                            assertThat(event.getMessage()).isEqualTo("selected eu-1");
                            assertThat(event.getCount()).isEqualTo(2);
                        }));
            } finally {
                broadcaster.shutdown();
            }
        }
    }

    private static List<CoreV1Event> events(CoreV1Api core) throws Exception {
        return core.listNamespacedEvent("default").execute().getItems().stream()
                .filter(event -> "subject".equals(event.getInvolvedObject().getName())).toList();
    }
}
