package io.meridian.api.inventory;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.List;

/**
 * One slice of a scheduling decision in the standard SIG-Multicluster format (KEP-5313): at most
 * {@link #MAX_DECISIONS} clusters, correlated with its sibling slices by labels.
 */
public record PlacementDecision(String apiVersion, String kind, V1ObjectMeta metadata,
                                List<ClusterDecision> decisions, String schedulerName) implements KubernetesObject {

    public static final String GROUP = "multicluster.x-k8s.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String KIND = "PlacementDecision";
    public static final String PLURAL = "placementdecisions";
    public static final int MAX_DECISIONS = 100;

    /** Names the placement that produced the slice. */
    public static final String PLACEMENT_KEY_LABEL = "multicluster.x-k8s.io/placement-key";
    /** Shared by all slices of one decision. */
    public static final String DECISION_KEY_LABEL = "multicluster.x-k8s.io/decision-key";
    /** Position of the slice within its decision, from 0. */
    public static final String DECISION_INDEX_LABEL = "multicluster.x-k8s.io/decision-index";

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
