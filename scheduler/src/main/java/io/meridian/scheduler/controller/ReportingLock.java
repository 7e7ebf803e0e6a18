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
 * on every retry; and reporting the moment it writes this replica into the Lease as holder.
 * client-java's elector runs its start hook only after sleeping a whole retry period past that
 * moment (2 s by default), which every start and every failover would otherwise wait out.
 */
final class ReportingLock implements Lock {

    private static final Logger log = LoggerFactory.getLogger(ReportingLock.class);
    private static final int NOT_FOUND = 404;

    private final Lock lock;
    private final ApiConnectivity connectivity;
    private final ConditionLog failures;
    private final Runnable held;

    /** @param held run after each write that makes or keeps this replica the Lease's holder */
    ReportingLock(Lock lock, ApiConnectivity connectivity, Clock clock, Runnable held) {
        this.lock = lock;
        this.connectivity = connectivity;
        this.failures = new ConditionLog(log, "Lease " + lock.describe(), clock);
        this.held = held;
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
        return holding(lock.create(record), record);
    }

    @Override
    public boolean update(LeaderElectionRecord record) {
        return holding(lock.update(record), record);
    }

    private boolean holding(boolean written, LeaderElectionRecord record) {
        if (written && lock.identity().equals(record.getHolderIdentity())) {
            held.run();
        }
        return written;
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
