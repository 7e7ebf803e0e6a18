package io.meridian.scheduler.scheduling;

import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.placement.ClusterChanges;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.placement.PredicateMemo;
import io.meridian.scheduler.placement.SpecMisconfiguredException;
import io.meridian.scheduler.placement.SpecVersion;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.placement.ValidationResult;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.time.Instant;
import java.util.BitSet;
import java.util.Collection;

/**
 * The first step of scheduling a placement: its spec is validated and the fleet its namespace may
 * see is filtered down to the clusters it may select. Which clusters meet its predicates is
 * remembered across passes ({@link PredicateMemo}).
 */
final class PlacementAdmission {

    /** A placement ready to be decided, or what is wrong with its spec. */
    record Admitted(PlacementRequest request, Eligibility eligibility, String misconfiguration) {

        boolean isMisconfigured() {
            return misconfiguration != null;
        }
    }

    private final PlacementValidator validator;
    private final ClusterFilter filter;
    private final PredicateMemo predicateMemo = new PredicateMemo();

    PlacementAdmission(SchedulingOptions options, ClusterFilter filter) {
        this.validator = new PlacementValidator(options.defaultUnhealthyToleration());
        this.filter = filter;
    }

    /** The clusters that changed since the last pass, and whose predicates they concern. */
    ClusterChanges beginPass(Fleet fleet) {
        return predicateMemo.beginPass(fleet);
    }

    Admitted admit(Placement placement, Fleet fleet, TenancyScope scope, Instant now) {
        ValidationResult validation = validator.validate(placement);
        if (!validation.isValid()) {
            return new Admitted(null, null, validation.message());
        }
        PlacementRequest request = validation.request();
        try {
            BitSet matches = request.isFixed() ? null
                    : predicateMemo.matches(request.key(), SpecVersion.of(placement), request, fleet);
            return new Admitted(request, filter.filter(request, scope.fleetFor(request.namespace()), now, matches), null);
        } catch (SpecMisconfiguredException misconfiguration) {
            return new Admitted(request, null, misconfiguration.getMessage());
        }
    }

    void endPass(Collection<String> keys) {
        predicateMemo.endPass(keys);
    }
}
