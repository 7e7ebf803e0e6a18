package io.meridian.scheduler.controller;

import io.kubernetes.client.extended.leaderelection.LeaderElectionRecord;
import io.kubernetes.client.extended.leaderelection.Lock;
import io.kubernetes.client.openapi.ApiException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lease lock, reporting why it cannot be read once per condition (an unreachable API server
 * as one line for everything, see {@link ApiConnectivity}) instead of the elector's stack trace
 * on every retry.
 */
final class ReportingLock implements Lock {

    private static final Logger log = LoggerFactory.getLogger(ReportingLock.class);
    private static final int NOT_FOUND = 404;

    private final Lock lock;
    private final ApiConnectivity connectivity;
    private final ConditionLog failures;

    ReportingLock(Lock lock, ApiConnectivity connectivity, Clock clock) {
        this.lock = lock;
        this.connectivity = connectivity;
        this.failures = new ConditionLog(log, "Lease " + lock.describe(), clock);
    }

    @Override
    public LeaderElectionRecord get() throws ApiException {
        try {
            LeaderElectionRecord record = lock.get();
            answered();
            return record;
        } catch (ApiException e) {
            if (e.getCode() == NOT_FOUND) {
                answered(); // not there yet: the elector creates it
            } else {
                failed(e);
            }
            throw e;
        }
    }

    @Override
    public boolean create(LeaderElectionRecord record) {
        return lock.create(record);
    }

    @Override
    public boolean update(LeaderElectionRecord record) {
        return lock.update(record);
    }

    @Override
    public String identity() {
        return lock.identity();
    }

    @Override
    public String describe() {
        return lock.describe();
    }

    /** Also the elector's handler for an attempt that failed or took too long. */
    void failed(Throwable failure) {
        if (!connectivity.reportIfUnreachable(failure)) {
            failures.failing(connectivity.describe(failure), false);
        }
    }

    private void answered() {
        connectivity.answered();
        failures.cleared();
    }
}
