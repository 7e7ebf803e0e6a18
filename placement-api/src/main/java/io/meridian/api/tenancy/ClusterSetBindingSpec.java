package io.meridian.api.tenancy;

/**
 * @param clusterSet the clusterset bound to the namespace, as Meridian resolves a cluster's
 *                   clusterset: the {@code clusterset.k8s.io} property, else the profile's
 *                   {@code multicluster.x-k8s.io/clusterset} label, else its namespace's label
 */
public record ClusterSetBindingSpec(String clusterSet) {

    /** Longest clusterset name: a label value. */
    public static final int MAX_CLUSTERSET_LENGTH = 63;
    /** A Kubernetes label value that is not empty: every clusterset a label can name. */
    public static final String CLUSTERSET_PATTERN = "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";
}
