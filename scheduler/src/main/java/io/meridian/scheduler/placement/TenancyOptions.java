package io.meridian.scheduler.placement;

/**
 * Which clusters the Placements of a namespace may see.
 *
 * @param mode                 bindings (the default) or open
 * @param ownNamespaceProfiles in bindings mode, ClusterProfiles in a Placement's own namespace are
 *                             visible to it without a binding, as cluster managers such as OCM
 *                             publish profiles into the namespaces their clusterset is bound to
 */
public record TenancyOptions(TenancyMode mode, boolean ownNamespaceProfiles) {

    public TenancyOptions {
        mode = mode == null ? TenancyMode.bindings : mode;
    }

    public static TenancyOptions defaults() {
        return new TenancyOptions(TenancyMode.bindings, true);
    }

    public static TenancyOptions openFleet() {
        return new TenancyOptions(TenancyMode.open, true);
    }

    public boolean isOpen() {
        return mode == TenancyMode.open;
    }
}
