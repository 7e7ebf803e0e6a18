package io.meridian.api.inventory;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.List;

public record ClusterProfileList(String apiVersion, String kind, V1ListMeta metadata, List<ClusterProfile> items)
        implements KubernetesListObject {

    @Override
    public V1ListMeta getMetadata() {
        return metadata;
    }

    @Override
    public List<ClusterProfile> getItems() {
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
