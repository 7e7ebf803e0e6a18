package io.meridian.scheduler.placement;

import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Scoring;
import io.meridian.api.placement.TopologySpread;
import io.meridian.api.placement.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the topology spread and scoring fields of a spec, as the CRD does, and turns them into a
 * {@link ScoringPolicy}. The older single {@code topologySpread} becomes one DoNotSchedule constraint.
 */
final class ScoringValidator {

    private ScoringValidator() {
    }

    /** Adds what is wrong to {@code violations}; the policy returned is then meaningless. */
    static ScoringPolicy validate(PlacementSpec spec, List<SpecViolation> violations) {
        List<SpreadConstraint> spread = new ArrayList<>();
        TopologySpread single = spec.topologySpread();
        List<TopologySpreadConstraint> constraints = spec.topologySpreadConstraints() == null ? List.of()
                : spec.topologySpreadConstraints();
        if (single != null && !constraints.isEmpty()) {
            violations.add(new SpecViolation("spec.topologySpread",
                    "use topologySpreadConstraints or the older topologySpread, not both"));
        }
        if (single != null) {
            spreadConstraint("spec.topologySpread", single.topologyKey(), single.maxSkew(),
                    TopologySpreadConstraint.DO_NOT_SCHEDULE, null, violations, spread);
        }
        if (constraints.size() > TopologySpreadConstraint.MAX_CONSTRAINTS) {
            violations.add(new SpecViolation("spec.topologySpreadConstraints", "at most "
                    + TopologySpreadConstraint.MAX_CONSTRAINTS + " constraints, got " + constraints.size()));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < constraints.size(); i++) {
            String field = "spec.topologySpreadConstraints[" + i + "]";
            TopologySpreadConstraint constraint = constraints.get(i);
            if (constraint == null) {
                violations.add(new SpecViolation(field, "is empty"));
                continue;
            }
            String when = constraint.whenUnsatisfiable() == null ? TopologySpreadConstraint.DO_NOT_SCHEDULE
                    : constraint.whenUnsatisfiable();
            if (!seen.add(constraint.topologyKey() + "\n" + when)) {
                violations.add(new SpecViolation(field, "repeats topologyKey '" + Wording.value(constraint.topologyKey())
                        + "' with whenUnsatisfiable " + when));
            }
            spreadConstraint(field, constraint.topologyKey(), constraint.maxSkew(), when, constraint.minDomains(),
                    violations, spread);
        }
        Scoring scoring = spec.scoring();
        int balanceWeight = Scoring.DEFAULT_BALANCE_WEIGHT;
        Stability stability = Stability.STEADY;
        if (scoring != null && scoring.balanceWeight() != null) {
            if (scoring.balanceWeight() < 0 || scoring.balanceWeight() > Scoring.MAX_BALANCE_WEIGHT) {
                violations.add(new SpecViolation("spec.scoring.balanceWeight", "must be between 0 and "
                        + Scoring.MAX_BALANCE_WEIGHT + ", got " + scoring.balanceWeight()));
            } else {
                balanceWeight = scoring.balanceWeight();
            }
        }
        if (scoring != null && scoring.stability() != null) {
            if (Scoring.NONE.equals(scoring.stability())) {
                stability = Stability.NONE;
            } else if (!Scoring.STEADY.equals(scoring.stability())) {
                violations.add(new SpecViolation("spec.scoring.stability",
                        "'" + Wording.value(scoring.stability()) + "' is not one of Steady, None"));
            }
        }
        return new ScoringPolicy(spread, balanceWeight, stability);
    }

    private static void spreadConstraint(String field, String topologyKey, Integer maxSkew, String when,
                                         Integer minDomains, List<SpecViolation> violations,
                                         List<SpreadConstraint> spread) {
        int before = violations.size();
        if (topologyKey == null || topologyKey.isBlank()) {
            violations.add(new SpecViolation(field + ".topologyKey", "is required"));
        }
        if (maxSkew != null && (maxSkew < 1 || maxSkew > TopologySpreadConstraint.MAX)) {
            violations.add(new SpecViolation(field + ".maxSkew",
                    "must be between 1 and " + TopologySpreadConstraint.MAX + ", got " + maxSkew));
        }
        boolean required = TopologySpreadConstraint.DO_NOT_SCHEDULE.equals(when);
        if (!required && !TopologySpreadConstraint.SCHEDULE_ANYWAY.equals(when)) {
            violations.add(new SpecViolation(field + ".whenUnsatisfiable",
                    "'" + Wording.value(when) + "' is not one of DoNotSchedule, ScheduleAnyway"));
        }
        if (minDomains != null && (minDomains < 1 || minDomains > TopologySpreadConstraint.MAX)) {
            violations.add(new SpecViolation(field + ".minDomains",
                    "must be between 1 and " + TopologySpreadConstraint.MAX + ", got " + minDomains));
        } else if (minDomains != null && !required) {
            violations.add(new SpecViolation(field + ".minDomains", "needs whenUnsatisfiable DoNotSchedule"));
        }
        if (violations.size() == before) {
            spread.add(new SpreadConstraint(topologyKey, maxSkew == null ? 1 : maxSkew, required,
                    minDomains == null ? 1 : minDomains));
        }
    }
}
