package io.meridian.scheduler.controller;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says in two lines why the controller did not start without a Lease namespace, and what to do, instead of a stack trace. */
class LeaseNamespaceFailureAnalyzer extends AbstractFailureAnalyzer<LeaderElection.LeaseNamespaceUnknownException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, LeaderElection.LeaseNamespaceUnknownException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set meridian.leader-election.lease-namespace (MERIDIAN_LEADERELECTION_LEASENAMESPACE) to the namespace "
                        + "of the Lease the replicas share, or meridian.leader-election.enabled=false to run a single "
                        + "replica without one.", cause);
    }
}
