package io.meridian.api.tenancy;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.List;

public record ClusterSetBindingList(String apiVersion, String kind, V1ListMeta metadata, List<ClusterSetBinding> items)
        implements KubernetesListObject {

    @Override
    public V1ListMeta getMetadata() {
        return metadata;
    }

    @Override
    public List<ClusterSetBinding> getItems() {
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
