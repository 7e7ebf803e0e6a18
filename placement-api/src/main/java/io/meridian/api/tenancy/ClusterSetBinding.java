package io.meridian.api.tenancy;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.placement.Placement;

/**
 * Makes the clusters of one clusterset visible to the Placements of the binding's namespace. Who
 * may create or change it is decided at admission: the verb {@code bind} on {@code clustersets}
 * of {@code scheduling.meridian.io}, named after the clusterset.
 */
public record ClusterSetBinding(String apiVersion, String kind, V1ObjectMeta metadata, ClusterSetBindingSpec spec,
                                ClusterSetBindingStatus status) implements KubernetesObject {

    public static final String GROUP = Placement.GROUP;
    public static final String VERSION = Placement.VERSION;
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "ClusterSetBinding";
    public static final String PLURAL = "clustersetbindings";

    /** The resource named in the {@code bind} permission; there is no such object, only the permission. */
    public static final String BIND_RESOURCE = "clustersets";
    public static final String BIND_VERB = "bind";

    /** {@code namespace/name}. */
    public String key() {
        return metadata.getNamespace() + "/" + metadata.getName();
    }

    /** The bound clusterset, or null when the object carries none (the schema requires one). */
    public String clusterSet() {
        return spec == null ? null : spec.clusterSet();
    }

    @Override
    public V1ObjectMeta getMetadata() {
        return metadata;
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
