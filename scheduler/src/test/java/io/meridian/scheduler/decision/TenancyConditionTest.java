package io.meridian.scheduler.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Conditions;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.placement.PlacementType;
import io.meridian.scheduler.placement.TenancyScope;
import io.meridian.scheduler.scheduling.PlacementOutcome;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The ClusterSetsBound condition a Placement's status carries in tenancy mode bindings. */
class TenancyConditionTest {

    private static final OffsetDateTime T1 = OffsetDateTime.of(2026, 11, 24, 8, 0, 0, 0, ZoneOffset.UTC);

    private final StatusBuilder builder = new StatusBuilder();

    private static PlacementOutcome selected(int count) {
        List<Decision> decisions = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new Decision(new ClusterProfileRef("fleet", "c" + i), 0L, "r")).toList();
        return new PlacementOutcome("apps/web", PlacementType.PickN, 2, decisions, List.of(), 0, null, null);
    }

    private static TenancyScope.Access access(List<String> bound, List<String> unbound, boolean seesAny) {
        return new TenancyScope.Access("apps", new TreeSet<>(bound), new TreeSet<>(unbound), false, seesAny);
    }

    private static V1Condition condition(PlacementStatus status, String type) {
        return status.conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }

    @Test
    void openModeAddsNoCondition() {
        assertThat(builder.build(selected(2), null, 1L, T1, null).conditions()).extracting(V1Condition::getType)
                .doesNotContain(Conditions.CLUSTERSETS_BOUND);
    }

    @Test
    void boundClustersetsAreTrueAndListed() {
        V1Condition bound = condition(builder.build(selected(2), null, 1L, T1,
                access(List.of("staging", "prod"), List.of(), true)), Conditions.CLUSTERSETS_BOUND);

        assertThat(bound.getStatus()).isEqualTo("True");
        assertThat(bound.getReason()).isEqualTo(Conditions.REASON_CLUSTERSETS_BOUND);
        assertThat(bound.getMessage()).isEqualTo("Clustersets bound to namespace apps: [prod, staging]; only their"
                + " clusters are visible to this Placement.");
    }

    @Test
    void anUnboundNamespaceSeesNothingAndSatisfiedSaysWhy() {
        PlacementStatus status = builder.build(selected(0), null, 1L, T1, access(List.of(), List.of(), false));

        assertThat(condition(status, Conditions.CLUSTERSETS_BOUND)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo(Conditions.REASON_NO_CLUSTERSET_BOUND);
            assertThat(c.getMessage()).startsWith("No clusterset is bound to namespace apps: this Placement sees no cluster.");
        });
        assertThat(condition(status, Conditions.SATISFIED).getMessage())
                .isEqualTo("No cluster is visible to namespace apps; see the ClusterSetsBound condition.");
    }

    @Test
    void theConditionKeepsItsTransitionTimeWhileItHolds() {
        PlacementStatus first = builder.build(selected(1), null, 1L, T1, access(List.of("prod"), List.of("gpu"), true));
        PlacementStatus again = builder.build(selected(1), first, 1L, T1.plusHours(1),
                access(List.of("prod"), List.of("gpu"), true));
        PlacementStatus fixed = builder.build(selected(1), again, 1L, T1.plusHours(2),
                access(List.of("gpu", "prod"), List.of(), true));

        assertThat(again).isEqualTo(first);
        assertThat(condition(fixed, Conditions.CLUSTERSETS_BOUND).getLastTransitionTime()).isEqualTo(T1.plusHours(2));
    }
}
