package io.meridian.scheduler.config;

import io.kubernetes.client.extended.event.legacy.EventBroadcaster;
import io.kubernetes.client.extended.event.legacy.EventCorrelator;
import io.kubernetes.client.extended.event.legacy.EventRecorder;
import io.kubernetes.client.extended.event.legacy.LegacyEventBroadcaster;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.meridian.scheduler.kubeclient.ClusterConnection;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API client and the event recorder the controller talks through. */
@Configuration(proxyBeanMethods = false)
public class KubernetesConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KubernetesConfiguration.class);
    /** Informer watches open at once, with room for a few namespaces of ClusterProfiles. */
    private static final int WATCHES = 8;

    @Bean
    public ApiClient apiClient(MeridianProperties properties, ObjectProvider<ClusterConnection> resolved) {
        // `meridian run` resolves the connection before Spring starts; tests and embedders set properties.
        ClusterConnection connection = resolved.getIfAvailable(
                () -> ClusterConnection.resolve(properties.kubeconfig(), properties.context()));
        log.info("API server from {}", connection.source());
        ApiClient client = connection.client();
        ApiTimeouts.apply(client, properties.apiTimeout());
        // Over HTTP/2 (kube-apiserver offers it on TLS) every call shares one connection. Without it (a
        // proxy, plain HTTP) each write in flight and each watch holds one: keep that many open, not five.
        // client-java has no client-side rate limit (client-go's QPS and burst): the write concurrency is the limit.
        client.setHttpClient(client.getHttpClient().newBuilder().connectionPool(new ConnectionPool(
                properties.writeConcurrency() + WATCHES, 5, TimeUnit.MINUTES)).build());
        return client;
    }

    @Bean(destroyMethod = "shutdown")
    public EventBroadcaster eventBroadcaster(ApiClient apiClient) {
        return new LegacyEventBroadcaster(new EventCorrelator(), new EventWrites(apiClient));
    }

    @Bean
    public EventRecorder eventRecorder(EventBroadcaster broadcaster) {
        return broadcaster.newRecorder(new V1EventSource().component("meridian-scheduler"));
    }
}
