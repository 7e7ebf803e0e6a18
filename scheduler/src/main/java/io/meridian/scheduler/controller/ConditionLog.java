package io.meridian.scheduler.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Logs a failing condition of one thing once when it starts or changes, a reminder while it
 * lasts, and once when it clears, however often the caller retries in between. Expected
 * transients (the API server's 429 while it starts) are INFO at first, WARN once they last.
 */
final class ConditionLog {

    static final Duration REMINDER = Duration.ofSeconds(30);

    private final Logger log;
    private final String subject;
    private final Clock clock;
    private String condition;
    private Instant since;
    private Instant logged;

    /** @param subject what fails, e.g. {@code ClusterProfile informer} */
    ConditionLog(Logger log, String subject, Clock clock) {
        this.log = log;
        this.subject = subject;
        this.clock = clock;
    }

    synchronized void failing(String description, boolean expectedTransient) {
        Instant now = clock.instant();
        if (since == null) {
            since = now;
        }
        if (!description.equals(condition)) {
            if (expectedTransient) {
                log.info("{} failing: {}; retrying", subject, description);
            } else {
                log.warn("{} failing: {}; retrying", subject, description);
            }
            condition = description;
            logged = now;
        } else if (!now.isBefore(logged.plus(REMINDER))) {
            log.warn("{} still failing after {} s: {}; retrying", subject, Duration.between(since, now).toSeconds(),
                    description);
            logged = now;
        }
    }

    synchronized void cleared() {
        if (since != null && condition != null) {
            log.info("{} recovered after {} s", subject, Duration.between(since, clock.instant()).toSeconds());
        }
        since = null;
        condition = null;
    }

    /** When the current failure started, or null when nothing is failing. */
    synchronized Instant failingSince() {
        return since;
    }
}
