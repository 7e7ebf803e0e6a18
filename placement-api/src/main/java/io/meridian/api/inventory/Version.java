package io.meridian.api.inventory;

/** Versions reported for a cluster; only the Kubernetes control-plane version is defined upstream. */
public record Version(String kubernetes) {
}
