package io.meridian.scheduler.decision;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.binding;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingSpec;
import io.meridian.api.tenancy.ClusterSetBindingStatus;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingStatusBuilderTest {

    private static final OffsetDateTime NOW = Profiles.SINCE.plusMinutes(10);
    private static final Fleet FLEET = Profiles.fleet(profile("a").clusterSet("prod"), profile("b").clusterSet("prod"),
            profile("c").clusterSet("staging"), profile("d"));
    private static final Map<String, Integer> SIZES = BindingStatusBuilder.clusterSetSizes(FLEET);

    private final BindingStatusBuilder builder = new BindingStatusBuilder(false);

    @Test
    void countsTheClustersOfTheBoundClusterset() {
        ClusterSetBindingStatus status = builder.build(binding("apps", "prod"), null, SIZES, NOW);

        assertThat(SIZES).containsExactlyInAnyOrderEntriesOf(Map.of("prod", 2, "staging", 1));
        assertThat(status.numberOfClusters()).isEqualTo(2);
        assertThat(status.observedGeneration()).isEqualTo(1L);
        assertThat(status.conditions()).singleElement().satisfies(condition -> {
            assertThat(condition.getType()).isEqualTo(ClusterSetBindingStatus.CLUSTERSET_FOUND);
            assertThat(condition.getStatus()).isEqualTo("True");
            assertThat(condition.getReason()).isEqualTo(ClusterSetBindingStatus.REASON_FOUND);
            assertThat(condition.getMessage()).isEqualTo(
                    "Clusterset prod holds 2 clusters; the Placements in namespace apps may use them.");
            assertThat(condition.getLastTransitionTime()).isEqualTo(NOW);
        });
    }

    @Test
    void aClustersetNoProfileIsInIsNotFound() {
        ClusterSetBindingStatus status = builder.build(binding("apps", "gpu"), null, SIZES, NOW);

        assertThat(status.numberOfClusters()).isZero();
        assertThat(status.conditions()).singleElement().satisfies(condition -> {
            assertThat(condition.getStatus()).isEqualTo("False");
            assertThat(condition.getReason()).isEqualTo(ClusterSetBindingStatus.REASON_NOT_FOUND);
            assertThat(condition.getMessage()).contains("No ClusterProfile is in clusterset gpu");
        });
    }

    @Test
    void theSameFleetGivesTheSameStatusAndTheTransitionTimeMovesOnlyWithTheCondition() {
        ClusterSetBindingStatus first = builder.build(binding("apps", "prod"), null, SIZES, NOW);

        assertThat(builder.build(binding("apps", "prod"), first, SIZES, NOW.plusHours(1))).isEqualTo(first);
        ClusterSetBindingStatus gone = builder.build(binding("apps", "prod"), first, Map.of(), NOW.plusHours(1));
        assertThat(gone.conditions().get(0).getLastTransitionTime()).isEqualTo(NOW.plusHours(1));
    }

    @Test
    void openModeSaysBindingsAreNotNeeded() {
        ClusterSetBindingStatus status = new BindingStatusBuilder(true).build(binding("apps", "prod"), null, SIZES, NOW);

        assertThat(status.conditions().get(0).getMessage()).contains("meridian.tenancy.mode is open");
    }

    @Test
    void aBindingWithoutAClustersetIsLeftAlone() {
        ClusterSetBinding empty = new ClusterSetBinding(ClusterSetBinding.API_VERSION, ClusterSetBinding.KIND,
                binding("apps", "x").metadata(), new ClusterSetBindingSpec(null), null);

        assertThat(builder.build(empty, null, SIZES, NOW)).isNull();
    }
}
