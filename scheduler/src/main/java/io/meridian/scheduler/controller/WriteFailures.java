package io.meridian.scheduler.controller;

import io.meridian.api.placement.Placement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the API server refused or never answered, per Placement: every failure is counted in
 * {@code meridian_api_write_errors_total{kind,reason}}; the log says it once per condition (the
 * Placement, what was written, the HTTP status and reason) at WARN, with a {@code WriteFailed}
 * Event on the Placement, repeats at DEBUG while it lasts, and says at INFO when the
 * Placement's writes succeed again.
 */
@Component
public class WriteFailures {

    private static final Logger log = LoggerFactory.getLogger(WriteFailures.class);

    private final ControllerMetrics metrics;
    private final DecisionEvents events;
    /** Placement key and kind of write to the condition last reported for them. */
    private final Map<String, String> failing = new ConcurrentHashMap<>();

    public WriteFailures(ControllerMetrics metrics, DecisionEvents events) {
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * @param kind   {@code status} or {@code placementdecision}
     * @param object the object written, {@code namespace/name}
     */
    void failed(Placement placement, String kind, String object, ApiFailure failure) {
        if (failed(placement.key(), kind, object, failure)) {
            events.writeFailed(placement, kind, object, failure);
        }
    }

    /** A write for a Placement that is gone, such as deleting its slices; there is nothing to record an Event on. */
    boolean failed(String placementKey, String kind, String object, ApiFailure failure) {
        metrics.writeFailed(kind, failure.reason());
        String condition = failure.condition();
        if (condition.equals(failing.put(placementKey + " " + kind, condition))) {
            log.debug("{}: {} write of {} failed again: {}", placementKey, kind, object, failure);
            return false;
        }
        log.warn("{}: {} write of {} failed, retrying this placement with backoff: {}", placementKey, kind, object,
                failure);
        return true;
    }

    /** Every write of the Placement succeeded, or it is gone. */
    void cleared(String placementKey) {
        boolean wasFailing = failing.remove(placementKey + " " + ControllerMetrics.STATUS) != null;
        wasFailing |= failing.remove(placementKey + " " + ControllerMetrics.SLICE) != null;
        if (wasFailing) {
            log.info("{}: writes succeed again", placementKey);
        }
    }
}
