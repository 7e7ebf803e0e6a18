package io.meridian.scheduler.placement;

import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.Profiles;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class PredicateMemoTest {

    private final PredicateMemo memo = new PredicateMemo();

    private static PlacementRequest request(String env) {
        Placement placement = placement("web", new PlacementSpec("PickAll", null, null, null, null,
                java.util.List.of(new ClusterSelectorTerm(new V1LabelSelector().putMatchLabelsItem("env", env), null, null)), null, null, null));
        return new PlacementValidator(null).validate(placement).request();
    }

    /** What matching the whole fleet from scratch gives. */
    private static BitSet fresh(PlacementRequest request, Fleet fleet) {
        return new PredicateMemo().matches("other", null, request, fleet);
    }

    private BitSet pass(SpecVersion specVersion, PlacementRequest request, Fleet fleet) {
        memo.beginPass(fleet);
        BitSet matches = memo.matches("apps/web", specVersion, request, fleet);
        memo.endPass(java.util.Set.of("apps/web"));
        return matches;
    }

    @Test
    void followsLabelChangesAddedAndRemovedClusters() {
        PlacementRequest prod = request("prod");
        Fleet before = Profiles.fleet(profile("b").label("env", "prod"), profile("c").label("env", "dev"),
                profile("d").label("env", "prod"));
        // "a" joins in front (every index shifts), "c" turns prod, "d" leaves, "b" turns unhealthy.
        Fleet after = Profiles.fleet(profile("a").label("env", "prod"), profile("b").label("env", "prod").healthy("False"),
                profile("c").label("env", "prod"));

        BitSet first = pass(new SpecVersion("uid", 1), prod, before);
        BitSet second = pass(new SpecVersion("uid", 1), prod, after);

        assertThat(first).isEqualTo(fresh(prod, before));
        assertThat(second).isEqualTo(fresh(prod, after));
        assertThat(second.cardinality()).isEqualTo(3);
    }

    @Test
    void aNewSpecIsMatchedAgain() {
        Fleet fleet = Profiles.fleet(profile("a").label("env", "prod"), profile("b").label("env", "dev"));

        pass(new SpecVersion("uid", 1), request("prod"), fleet);
        BitSet changed = pass(new SpecVersion("uid", 2), request("dev"), fleet);

        assertThat(changed).isEqualTo(fresh(request("dev"), fleet));
        assertThat(changed.get(1)).isTrue();
        assertThat(changed.get(0)).isFalse();
    }
}
