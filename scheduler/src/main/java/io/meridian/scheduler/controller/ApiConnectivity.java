package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiClient;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Whether the API server answers at all. Every informer and the Lease retry on their own; when
 * none of them gets through, this says so in one line naming the server, repeated every
 * {@link ConditionLog#REMINDER}, instead of one stack trace per informer and retry.
 */
@Component
public class ApiConnectivity {

    private static final Logger log = LoggerFactory.getLogger(ApiConnectivity.class);

    private final String server;
    private final ConditionLog condition;

    @Autowired
    public ApiConnectivity(ApiClient apiClient) {
        this(apiClient.getBasePath(), Clock.systemUTC());
    }

    ApiConnectivity(String server, Clock clock) {
        this.server = server;
        this.condition = new ConditionLog(log, "connection to the API server", clock);
    }

    public String describe(Throwable failure) {
        return ApiErrors.describe(failure, server);
    }

    /** Reports a failure that got no HTTP answer; returns false, reporting nothing, for any other. */
    public boolean reportIfUnreachable(Throwable failure) {
        if (!ApiErrors.isTransport(failure)) {
            return false;
        }
        condition.failing(describe(failure), false);
        return true;
    }

    /** Some call got an answer. */
    public void answered() {
        condition.cleared();
    }
}
