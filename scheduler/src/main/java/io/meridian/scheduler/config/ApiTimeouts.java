package io.meridian.scheduler.config;

import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Every API call gets connect, read and write timeouts, so a write or a Lease call cannot hang on
 * an API server or etcd that stopped answering. A watch is the exception: it may stay silent until
 * its server-side {@code timeoutSeconds}, so only then, plus the timeout, is it given up as dead.
 */
final class ApiTimeouts implements Interceptor {

    private final Duration timeout;

    private ApiTimeouts(Duration timeout) {
        this.timeout = timeout;
    }

    static void apply(ApiClient client, Duration timeout) {
        client.setHttpClient(client.getHttpClient().newBuilder()
                .connectTimeout(timeout).readTimeout(timeout).writeTimeout(timeout)
                .addInterceptor(new ApiTimeouts(timeout))
                .build());
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        HttpUrl url = chain.request().url();
        if (!"true".equals(url.queryParameter("watch"))) {
            return chain.proceed(chain.request());
        }
        String serverSide = url.queryParameter("timeoutSeconds");
        long readTimeout = serverSide == null ? 0 : Duration.ofSeconds(Long.parseLong(serverSide)).plus(timeout).toMillis();
        return chain.withReadTimeout((int) Math.min(readTimeout, Integer.MAX_VALUE), TimeUnit.MILLISECONDS)
                .proceed(chain.request());
    }
}
