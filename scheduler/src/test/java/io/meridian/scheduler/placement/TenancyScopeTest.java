package io.meridian.scheduler.placement;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.binding;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingSpec;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.Profiles;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenancyScopeTest {

    /** prod and staging by property, edge by the namespace label, one without a clusterset, one in team-a itself. */
    private static final Fleet FLEET = new FactMapper(FleetOptions.defaults()).fleet(List.of(
            profile("prod-1").clusterSet("prod").build(),
            profile("prod-2").label("multicluster.x-k8s.io/clusterset", "prod").build(),
            profile("staging-1").clusterSet("staging").build(),
            profile("edge", "edge-1").build(),
            profile("loose").build(),
            profile("team-a", "own-1").build()),
            Map.of("edge", Map.of("multicluster.x-k8s.io/clusterset", "edge")));

    private static List<String> visible(TenancyScope scope, String namespace) {
        return FLEET.clusters().stream().filter(cluster -> scope.isVisible(namespace, cluster))
                .map(cluster -> cluster.ref().name()).toList();
    }

    @Test
    void aNamespaceSeesTheClustersOfItsBoundClustersetsWhicheverWayTheClustersetIsNamed() {
        TenancyScope scope = TenancyScope.of(TenancyOptions.defaults(), FLEET,
                List.of(binding("team-b", "prod"), binding("team-b", "edge"), binding("team-c", "staging")));

        assertThat(visible(scope, "team-b")).containsExactly("edge-1", "prod-1", "prod-2");
        assertThat(visible(scope, "team-c")).containsExactly("staging-1");
        assertThat(scope.boundClusterSets("team-b")).containsExactly("edge", "prod");
    }

    @Test
    void aNamespaceWithoutBindingsSeesNothingButItsOwnProfiles() {
        TenancyScope scope = TenancyScope.of(TenancyOptions.defaults(), FLEET, List.of(binding("team-b", "prod")));

        assertThat(visible(scope, "apps")).isEmpty();
        assertThat(visible(scope, "team-a")).containsExactly("own-1");
        assertThat(scope.visible("apps").isEmpty()).isTrue();
    }

    @Test
    void ownNamespaceProfilesCanBeTurnedOff() {
        TenancyScope scope = TenancyScope.of(new TenancyOptions(TenancyMode.bindings, false), FLEET,
                List.of(binding("team-a", "staging")));

        assertThat(visible(scope, "team-a")).containsExactly("staging-1");
    }

    @Test
    void openModeShowsEveryClusterToEveryNamespaceAndIgnoresBindings() {
        TenancyScope scope = TenancyScope.of(TenancyOptions.openFleet(), FLEET, List.of(binding("team-b", "prod")));

        assertThat(visible(scope, "apps")).hasSize(FLEET.size());
        assertThat(scope.visible("apps")).isNull();
        assertThat(scope.access(placement("web", Placements.pickN(1)))).isNull();
        assertThat(visible(TenancyScope.open(FLEET), "team-c")).hasSize(FLEET.size());
    }

    @Test
    void bindingsBeingDeletedOrNamingNoClustersetBindNothing() {
        ClusterSetBinding deleting = binding("team-b", "prod");
        deleting.metadata().setDeletionTimestamp(OffsetDateTime.now());
        ClusterSetBinding empty = new ClusterSetBinding(ClusterSetBinding.API_VERSION, ClusterSetBinding.KIND,
                new V1ObjectMeta().namespace("team-b").name("empty"), new ClusterSetBindingSpec(" "), null);
        ClusterSetBinding noSpec = new ClusterSetBinding(ClusterSetBinding.API_VERSION, ClusterSetBinding.KIND,
                new V1ObjectMeta().namespace("team-b").name("none"), null, null);

        TenancyScope scope = TenancyScope.of(TenancyOptions.defaults(), FLEET, List.of(deleting, empty, noSpec));

        assertThat(visible(scope, "team-b")).isEmpty();
        assertThat(scope.boundClusterSets("team-b")).isEmpty();
    }

    @Test
    void accessNamesTheRequestedClustersetsThatAreNotBound() {
        TenancyScope scope = TenancyScope.of(TenancyOptions.defaults(), FLEET,
                List.of(binding("apps", "prod"), binding("apps", "staging")));
        Placement placement = placement("web", new PlacementSpec("PickN", 1, null, null, List.of("prod", "gpu", "edge"),
                null, null, null, null));

        TenancyScope.Access access = scope.access(placement);

        assertThat(access.namespace()).isEqualTo("apps");
        assertThat(access.bound()).containsExactly("prod", "staging");
        assertThat(access.unbound()).containsExactly("edge", "gpu");
        assertThat(access.seesAnyCluster()).isTrue();
        assertThat(scope.access(placement("other", Placements.pickN(1))).unbound()).isEmpty();
    }

    @Test
    void accessOfAnUnboundNamespaceSeesNoCluster() {
        TenancyScope scope = TenancyScope.of(TenancyOptions.defaults(), FLEET, List.of());

        TenancyScope.Access access = scope.access(placement("web", Placements.pickN(1)));

        assertThat(access.bound()).isEmpty();
        assertThat(access.seesAnyCluster()).isFalse();
    }

    @Test
    void aClusterMovedToAnotherClustersetLeavesTheNamespace() {
        List<ClusterSetBinding> bindings = List.of(binding("apps", "prod"));
        Fleet moved = Profiles.fleet(profile("prod-1").clusterSet("staging"), profile("prod-2").clusterSet("prod"));

        TenancyScope scope = TenancyScope.of(TenancyOptions.defaults(), moved, bindings);

        assertThat(moved.clusters().stream().filter(c -> scope.isVisible("apps", c)).map(ClusterFact::toString))
                .containsExactly("fleet/prod-2");
    }

    @Test
    void theFleetANamespaceSeesKeepsTheIndexesOfTheWholeFleet() {
        TenancyScope scope = TenancyScope.of(TenancyOptions.defaults(), FLEET, List.of(binding("team-b", "staging")));

        Fleet view = scope.fleetFor("team-b");

        assertThat(view.clusters()).singleElement().satisfies(cluster -> {
            assertThat(cluster.ref().name()).isEqualTo("staging-1");
            assertThat(cluster.index()).isEqualTo(FLEET.find(cluster.ref()).orElseThrow().index());
        });
        assertThat(view.size()).isEqualTo(FLEET.size());
        assertThat(view.find(FLEET.clusters().get(0).ref())).isEmpty();
        assertThat(scope.fleetFor("team-b")).isSameAs(view);
        assertThat(TenancyScope.open(FLEET).fleetFor("team-b")).isSameAs(FLEET);
    }

    @Test
    void hiddenNamesTheClustersInTheFleetTheNamespaceMayNotSee() {
        TenancyScope scope = TenancyScope.of(TenancyOptions.defaults(), FLEET, List.of(binding("team-b", "prod")));
        List<io.meridian.api.inventory.ClusterProfileRef> refs = List.of(
                new io.meridian.api.inventory.ClusterProfileRef("fleet", "staging-1"),
                new io.meridian.api.inventory.ClusterProfileRef("fleet", "prod-1"),
                new io.meridian.api.inventory.ClusterProfileRef("fleet", "deleted"));

        assertThat(scope.hidden("team-b", refs)).extracting(ref -> ref.name()).containsExactly("staging-1");
        assertThat(TenancyScope.open(FLEET).hidden("team-b", refs)).isEmpty();
    }
}
