package io.meridian.scheduler.placement;

/** One reason a Placement spec cannot be scheduled, naming the field as a JSON path. */
public record SpecViolation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
