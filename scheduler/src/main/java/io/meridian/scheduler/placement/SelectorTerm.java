package io.meridian.scheduler.placement;

import io.kubernetes.client.util.labels.LabelSelector;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.KubernetesVersion;
import java.util.List;

/**
 * A validated selector term: a label selector, property requirements, a Kubernetes version range
 * and CEL expressions, every given one of which must hold. An empty term matches every cluster.
 *
 * @param labelSelector  null when there is none
 * @param minimumVersion null when there is no lower bound
 * @param maximumVersion null when there is no upper bound
 */
public record SelectorTerm(LabelSelector labelSelector, List<PropertyRequirementMatcher> propertyRequirements,
                           KubernetesVersion minimumVersion, KubernetesVersion maximumVersion,
                           List<CelSelector> celSelectors) {

    /** Longest label selector quoted in a reason; a selector may hold thousands of characters. */
    static final int MAX_SELECTOR = 256;

    public static final SelectorTerm EVERY_CLUSTER = new SelectorTerm(null, List.of(), null, null, List.of());

    public SelectorTerm {
        propertyRequirements = List.copyOf(propertyRequirements);
        celSelectors = List.copyOf(celSelectors);
    }

    /**
     * Null when the cluster meets the term, otherwise why not.
     *
     * @throws SpecMisconfiguredException when a CEL expression exceeds its cost on this cluster
     */
    public String mismatch(ClusterFact cluster) {
        if (labelSelector != null && !labelSelector.test(cluster.labels())) {
            return "labels do not match " + Wording.truncate(labelSelector.toString(), MAX_SELECTOR);
        }
        return mismatchBesideLabels(cluster);
    }

    /** Whether the cluster meets the term, without wording why not: asked of every cluster for every placement. */
    public boolean matches(ClusterFact cluster) {
        return (labelSelector == null || labelSelector.test(cluster.labels())) && mismatchBesideLabels(cluster) == null;
    }

    private String mismatchBesideLabels(ClusterFact cluster) {
        for (PropertyRequirementMatcher requirement : propertyRequirements) {
            String reason = requirement.mismatch(cluster);
            if (reason != null) {
                return reason;
            }
        }
        String reason = versionMismatch(cluster);
        if (reason != null) {
            return reason;
        }
        for (CelSelector selector : celSelectors) {
            reason = selector.mismatch(cluster);
            if (reason != null) {
                return reason;
            }
        }
        return null;
    }

    private String versionMismatch(ClusterFact cluster) {
        if (minimumVersion == null && maximumVersion == null) {
            return null;
        }
        if (cluster.version().isEmpty()) {
            return "Kubernetes version is unknown";
        }
        KubernetesVersion version = cluster.version().get();
        if (minimumVersion != null && version.compareAgainstBound(minimumVersion) < 0) {
            return "Kubernetes " + version + " is older than " + minimumVersion;
        }
        if (maximumVersion != null && version.compareAgainstBound(maximumVersion) > 0) {
            return "Kubernetes " + version + " is newer than " + maximumVersion;
        }
        return null;
    }
}
