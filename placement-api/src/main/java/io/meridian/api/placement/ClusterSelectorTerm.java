package io.meridian.api.placement;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import java.util.List;

/**
 * Requirements on one ClusterProfile, all of which must hold (AND). In {@code spec.predicates}
 * the terms are ORed: a cluster is eligible when it meets any one of them. An empty term matches
 * every cluster.
 *
 * @param labelSelector     over the ClusterProfile's labels
 * @param propertySelector  over {@code status.properties}
 * @param kubernetesVersion over {@code status.version.kubernetes}
 * @param celExpressions    CEL expressions over the profile, each of which must be true
 */
public record ClusterSelectorTerm(V1LabelSelector labelSelector, PropertySelector propertySelector,
                                  VersionRange kubernetesVersion, List<String> celExpressions) {

    /** The CRD's maximum of terms in {@code spec.predicates}. */
    public static final int MAX_TERMS = 8;
    /** The CRD's maximum of CEL expressions in one term. */
    public static final int MAX_CEL_EXPRESSIONS = 8;
    /** The CRD's maximum length of one CEL expression. */
    public static final int MAX_CEL_LENGTH = 2048;

    /** A term of a label, a property selector and a version range, without CEL. */
    public ClusterSelectorTerm(V1LabelSelector labelSelector, PropertySelector propertySelector,
                               VersionRange kubernetesVersion) {
        this(labelSelector, propertySelector, kubernetesVersion, null);
    }

    /** A term of CEL expressions only. */
    public static ClusterSelectorTerm cel(String... expressions) {
        return new ClusterSelectorTerm(null, null, null, List.of(expressions));
    }
}
