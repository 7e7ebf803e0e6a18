package io.meridian.scheduler.controller;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;

/**
 * A resource an informer lists and watches, and the Java types its objects and lists decode to.
 *
 * @param group empty for the core API group
 */
record WatchedResource<T extends KubernetesObject, L extends KubernetesListObject>(
        String kind, String group, String version, String plural, Class<T> type, Class<L> listType) {

    /** @param namespace empty for all namespaces, or for a cluster-scoped resource */
    String path(String namespace) {
        String api = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return namespace.isEmpty() ? api + "/" + plural : api + "/namespaces/" + namespace + "/" + plural;
    }
}
