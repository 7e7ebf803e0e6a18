package io.meridian.scheduler.placement;

/**
 * A spec found unschedulable only while matching clusters, such as a CEL expression that exceeds
 * its cost on some cluster. The placement is then reported as misconfigured and keeps its
 * previous decision, as for a violation found by validation.
 */
public final class SpecMisconfiguredException extends RuntimeException {

    private final transient SpecViolation violation;

    public SpecMisconfiguredException(SpecViolation violation) {
        super(violation.toString());
        this.violation = violation;
    }

    public SpecViolation violation() {
        return violation;
    }
}
