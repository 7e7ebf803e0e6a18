package io.meridian.scheduler.placement;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingSpec;
import java.util.List;

/** Placements for tests. */
public final class Placements {

    private Placements() {
    }

    public static Placement placement(String name, PlacementSpec spec) {
        return new Placement(Placement.API_VERSION, Placement.KIND,
                new V1ObjectMeta().namespace("apps").name(name).generation(1L), spec, null);
    }

    public static PlacementSpec pickN(int n) {
        return new PlacementSpec("PickN", n, null, null, null, null, null, null, null);
    }

    /** A ClusterSetBinding of the clusterset to the namespace, named after the clusterset. */
    public static ClusterSetBinding binding(String namespace, String clusterSet) {
        return new ClusterSetBinding(ClusterSetBinding.API_VERSION, ClusterSetBinding.KIND,
                new V1ObjectMeta().namespace(namespace).name(clusterSet).uid(namespace + "-" + clusterSet)
                        .generation(1L).resourceVersion("1"),
                new ClusterSetBindingSpec(clusterSet), null);
    }

    public static Placement withDecisions(Placement placement, String... clusters) {
        List<Decision> decisions = java.util.Arrays.stream(clusters)
                .map(name -> new Decision(new ClusterProfileRef("fleet", name), 0L, "before")).toList();
        return placement.withStatus(new PlacementStatus(1L, decisions.size(), decisions, List.of(), List.of(), 0));
    }
}
