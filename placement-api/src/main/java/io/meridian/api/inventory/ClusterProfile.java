package io.meridian.api.inventory;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/** A member cluster of the fleet as published by its cluster manager (SIG-Multicluster, KEP-4322). */
public record ClusterProfile(String apiVersion, String kind, V1ObjectMeta metadata,
                             ClusterProfileSpec spec, ClusterProfileStatus status) implements KubernetesObject {

    public static final String GROUP = "multicluster.x-k8s.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "ClusterProfile";
    public static final String PLURAL = "clusterprofiles";

    /** Label every cluster manager sets on the profiles it owns. */
    public static final String CLUSTER_MANAGER_LABEL = "x-k8s.io/cluster-manager";

    public ClusterProfileRef ref() {
        return new ClusterProfileRef(metadata.getNamespace(), metadata.getName());
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
