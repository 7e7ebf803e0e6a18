package io.meridian.scheduler.config;

import io.kubernetes.client.extended.event.legacy.EventBroadcaster;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.kubernetes.client.extended.event.legacy.LegacyEventBroadcaster;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API client, the informer factory and the event recorder the controller talks through. */
@Configuration(proxyBeanMethods = false)
public class KubernetesConfiguration {

    @Bean
    public ApiClient apiClient(MeridianProperties properties) throws IOException {
        ApiClient client;
        if (properties.kubeconfig().isBlank()) {
            client = ClientBuilder.standard().build();
        } else {
            Path path = Path.of(properties.kubeconfig());
            try (Reader reader = Files.newBufferedReader(path)) {
                KubeConfig config = KubeConfig.loadKubeConfig(reader);
                config.setFile(path.toFile());
                client = ClientBuilder.kubeconfig(config).build();
            }
        }
        // Watches hold the connection open; informers set their own timeouts per request.
        client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
        return client;
    }

    @Bean(destroyMethod = "stopAllRegisteredInformers")
    public SharedInformerFactory sharedInformerFactory(ApiClient apiClient) {
        return new SharedInformerFactory(apiClient);
    }

    @Bean(destroyMethod = "shutdown")
    public EventBroadcaster eventBroadcaster(ApiClient apiClient) {
        return new LegacyEventBroadcaster(new CoreV1Api(apiClient));
    }

    @Bean
    public EventRecorder eventRecorder(EventBroadcaster broadcaster) {
        return broadcaster.newRecorder(new V1EventSource().component("meridian-scheduler"));
    }
}
