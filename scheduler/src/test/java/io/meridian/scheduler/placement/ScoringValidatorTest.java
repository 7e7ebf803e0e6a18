package io.meridian.scheduler.placement;

import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.Scoring;
import io.meridian.api.placement.TopologySpreadConstraint;
import org.junit.jupiter.api.Test;

/** Topology spread constraints and scoring, as the validator reads them (the CRD rejects the same). */
class ScoringValidatorTest {

    private final PlacementValidator validator = new PlacementValidator(null);

    private ValidationResult validate(PlacementSpec spec) {
        return validator.validate(placement("p", spec));
    }

    @Test
    void defaultsAreDoNotScheduleMaxSkewOneBalanceWeightOneAndSteady() {
        PlacementRequest request = validate(Specs.pickN(2)
                .spread(new TopologySpreadConstraint("location", null, null, null)).build()).request();

        assertThat(request.scoring().spreadConstraints())
                .containsExactly(new SpreadConstraint("location", 1, true, 1));
        assertThat(request.scoring().balanceWeight()).isEqualTo(Scoring.DEFAULT_BALANCE_WEIGHT);
        assertThat(request.scoring().stability()).isEqualTo(Stability.STEADY);
    }

    @Test
    void everyConstraintIsReadWithItsKind() {
        PlacementRequest request = validate(Specs.pickN(4)
                .spread(new TopologySpreadConstraint("location", 2, "DoNotSchedule", 3))
                .spreadAnyway("zone", 1)
                .balanceWeight(0).stability(Scoring.NONE).build()).request();

        assertThat(request.scoring().spreadConstraints()).containsExactly(
                new SpreadConstraint("location", 2, true, 3), new SpreadConstraint("zone", 1, false, 1));
        assertThat(request.scoring().balanceWeight()).isZero();
        assertThat(request.scoring().stability()).isEqualTo(Stability.NONE);
    }

    @Test
    void theOlderSingleSpreadIsOneRequiredConstraint() {
        PlacementRequest request = validate(Specs.pickN(2).topologySpread("location", 2).build()).request();

        assertThat(request.scoring().spreadConstraints()).containsExactly(new SpreadConstraint("location", 2, true, 1));
    }

    @Test
    void mistakesNameTheirField() {
        PlacementSpec spec = Specs.pickN(2).topologySpread("location", 1)
                .spread(new TopologySpreadConstraint(" ", 0, "Sometimes", null))
                .spread(new TopologySpreadConstraint("zone", 1, "ScheduleAnyway", 2))
                .spread(new TopologySpreadConstraint("region", 1, null, 0))
                .spread(new TopologySpreadConstraint("region", 2, "DoNotSchedule", null))
                .balanceWeight(101).stability("Sometimes").build();

        assertThat(validate(spec).violations()).extracting(SpecViolation::toString).containsExactly(
                "spec.topologySpread: use topologySpreadConstraints or the older topologySpread, not both",
                "spec.topologySpreadConstraints[0].topologyKey: is required",
                "spec.topologySpreadConstraints[0].maxSkew: must be between 1 and 10000, got 0",
                "spec.topologySpreadConstraints[0].whenUnsatisfiable: 'Sometimes' is not one of DoNotSchedule, ScheduleAnyway",
                "spec.topologySpreadConstraints[1].minDomains: needs whenUnsatisfiable DoNotSchedule",
                "spec.topologySpreadConstraints[2].minDomains: must be between 1 and 10000, got 0",
                "spec.topologySpreadConstraints[3]: repeats topologyKey 'region' with whenUnsatisfiable DoNotSchedule",
                "spec.scoring.balanceWeight: must be between 0 and 100, got 101",
                "spec.scoring.stability: 'Sometimes' is not one of Steady, None");
    }

    @Test
    void thePreviousDecisionKeepsTheGenerationItWasDecidedFor() {
        Placement decided = Placements.withDecisions(placement("p", Placements.pickN(1)), "eu-1");
        Placement edited = Placements.withDecisions(placement("p", Placements.pickN(1)), "eu-1");
        edited.metadata().generation(2L);

        assertThat(validator.validate(decided).request().isSteady()).isTrue();
        assertThat(validator.validate(edited).request().isSteady()).isFalse();
        assertThat(validator.validate(edited).request().currentDecision()).hasSize(1);
        assertThat(validator.validate(placement("p", Specs.pickN(1).stability(Scoring.NONE).build()))
                .request().isSteady()).isFalse();
        Placement undecided = placement("p", Placements.pickN(1));
        assertThat(validator.validate(undecided).request().currentDecision()).isEmpty();
        assertThat(validator.validate(undecided).request().decidedForGeneration()).isFalse();
    }
}
