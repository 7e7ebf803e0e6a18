package io.meridian.api.placement;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.List;

public record PlacementList(String apiVersion, String kind, V1ListMeta metadata, List<Placement> items)
        implements KubernetesListObject {

    @Override
    public V1ListMeta getMetadata() {
        return metadata;
    }

    @Override
    public List<Placement> getItems() {
        return items;
    }

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }
}
