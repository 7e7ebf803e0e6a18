package io.meridian.scheduler.controller;

import io.kubernetes.client.openapi.ApiException;
import io.meridian.scheduler.config.MeridianProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How each informer's list and watch fare. Failures are logged once per condition (see
 * {@link ConditionLog}); an informer that has not listed, or whose list and watch have been
 * failing, for {@code meridian.informer-stale-after} is stale, which takes readiness down: its
 * cache may be out of date, and the scheduler would decide on it.
 */
@Component
public class InformerHealth {

    private static final Logger log = LoggerFactory.getLogger(InformerHealth.class);
    private static final int TOO_MANY_REQUESTS = 429;

    private final Duration staleAfter;
    private final ApiConnectivity connectivity;
    private final Clock clock;
    private final List<Tracker> trackers = new CopyOnWriteArrayList<>();

    @Autowired
    public InformerHealth(MeridianProperties properties, ApiConnectivity connectivity) {
        this(properties.informerStaleAfter(), connectivity, Clock.systemUTC());
    }

    InformerHealth(Duration staleAfter, ApiConnectivity connectivity, Clock clock) {
        this.staleAfter = staleAfter;
        this.connectivity = connectivity;
        this.clock = clock;
    }

    /** @param informer its name in logs and health details, e.g. {@code ClusterProfile} */
    public Tracker track(String informer) {
        Tracker tracker = new Tracker(informer);
        trackers.add(tracker);
        return tracker;
    }

    /** Why each stale informer is stale; empty when all are fresh. */
    public List<String> stale() {
        Instant now = clock.instant();
        return trackers.stream().map(tracker -> tracker.staleness(now)).filter(Objects::nonNull).toList();
    }

    /** One informer's list and watch outcomes. */
    public final class Tracker {

        private final String informer;
        private final ConditionLog failures;
        private volatile Instant started;
        private volatile boolean listed;
        private volatile Instant failingSince;
        private volatile String failure;
        private volatile boolean stopping;

        private Tracker(String informer) {
            this.informer = informer;
            this.failures = new ConditionLog(log, informer + " informer", clock);
        }

        void started() {
            started = clock.instant();
        }

        /** From now on failures are the informer being stopped: a cancelled call, an interrupted thread. */
        void stopping() {
            stopping = true;
        }

        void listed() {
            listed = true;
            answered();
        }

        void watching() {
            answered();
        }

        void failed(Throwable cause) {
            if (stopping) {
                return;
            }
            failure = connectivity.describe(cause);
            if (failingSince == null) {
                failingSince = clock.instant();
            }
            if (!connectivity.reportIfUnreachable(cause)) {
                failures.failing(failure, cause instanceof ApiException api && api.getCode() == TOO_MANY_REQUESTS);
            }
        }

        private void answered() {
            failingSince = null;
            failures.cleared();
            connectivity.answered();
        }

        private String staleness(Instant now) {
            Instant since = failingSince;
            if (since != null && !now.isBefore(since.plus(staleAfter))) {
                return informer + ": list and watch failing for " + Duration.between(since, now).toSeconds() + " s: "
                        + failure;
            }
            Instant start = started;
            if (!listed && start != null && !now.isBefore(start.plus(staleAfter))) {
                return informer + ": not listed " + Duration.between(start, now).toSeconds() + " s after start";
            }
            return null;
        }
    }
}
