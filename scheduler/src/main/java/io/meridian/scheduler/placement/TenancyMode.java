package io.meridian.scheduler.placement;

/** Whether a namespace needs a ClusterSetBinding to use a clusterset ({@code meridian.tenancy.mode}). */
public enum TenancyMode {
    /** A Placement sees the clustersets bound to its namespace (and, by default, the profiles in it). */
    bindings,
    /** Every Placement sees every cluster; ClusterSetBindings are ignored. For fleets of one team. */
    open
}
