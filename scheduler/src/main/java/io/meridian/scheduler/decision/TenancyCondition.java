package io.meridian.scheduler.decision;

import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.placement.Conditions;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.placement.Wording;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The {@code ClusterSetsBound} condition: which clustersets the Placement's namespace may use and
 * which of those it names are not bound. It names clustersets and the namespace, never a cluster
 * the Placement may not see.
 */
final class TenancyCondition {

    private TenancyCondition() {
    }

    static V1Condition of(TenancyScope.Access access, List<V1Condition> before, Long generation, OffsetDateTime now) {
        String namespace = access.namespace();
        String own = access.ownNamespaceProfiles() ? " and the ClusterProfiles in " + namespace : "";
        if (!access.unbound().isEmpty()) {
            String bound = access.bound().isEmpty() ? "No clusterset is bound to " + namespace
                    : "Bound to " + namespace + ": " + Wording.list(access.bound());
            return StatusBuilder.condition(before, Conditions.CLUSTERSETS_BOUND, "False",
                    Conditions.REASON_CLUSTERSETS_NOT_BOUND, "spec.clusterSets names clustersets not bound to namespace "
                            + namespace + ": " + Wording.list(access.unbound()) + "; their clusters are not visible to"
                            + " this Placement. " + bound + "." + (own.isEmpty() ? "" : " The ClusterProfiles in "
                            + namespace + " are visible too."),
                    generation, now);
        }
        if (access.bound().isEmpty()) {
            String sees = access.seesAnyCluster() && access.ownNamespaceProfiles()
                    ? "only the ClusterProfiles in " + namespace + " are visible to this Placement"
                    : "this Placement sees no cluster";
            return StatusBuilder.condition(before, Conditions.CLUSTERSETS_BOUND, "False",
                    Conditions.REASON_NO_CLUSTERSET_BOUND, "No clusterset is bound to namespace " + namespace + ": "
                            + sees + ". A ClusterSetBinding in " + namespace
                            + ", created by someone allowed to bind the clusterset, makes its clusters visible.",
                    generation, now);
        }
        return StatusBuilder.condition(before, Conditions.CLUSTERSETS_BOUND, "True",
                Conditions.REASON_CLUSTERSETS_BOUND, "Clustersets bound to namespace " + namespace + ": "
                        + Wording.list(access.bound()) + "; only their clusters" + own
                        + " are visible to this Placement.",
                generation, now);
    }
}
