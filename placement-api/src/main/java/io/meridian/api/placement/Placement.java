package io.meridian.api.placement;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/** A request to run a workload on some clusters of the fleet, and the scheduler's answer in its status. */
public record Placement(String apiVersion, String kind, V1ObjectMeta metadata, PlacementSpec spec,
                        PlacementStatus status) implements KubernetesObject {

    public static final String GROUP = "scheduling.meridian.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "Placement";
    public static final String PLURAL = "placements";

    public Placement withStatus(PlacementStatus newStatus) {
        return new Placement(apiVersion, kind, metadata, spec, newStatus);
    }

    /** {@code namespace/name}, the key used in logs, work queues and PlacementDecision labels. */
    public String key() {
        return metadata.getNamespace() + "/" + metadata.getName();
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
