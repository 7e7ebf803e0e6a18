package io.meridian.scheduler.placement;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.placement.Decision;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementStatus;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.Fleet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which clusters the Placements of each namespace may see. In bindings mode, a cluster is visible
 * to a namespace when its clusterset is bound to the namespace by a ClusterSetBinding, or when its
 * ClusterProfile lives in the namespace itself (unless that is turned off); in open mode every
 * cluster is visible to every namespace. A Placement is scheduled over the clusters it may see
 * only, so the others are never selected, never ranked and never named in its status; its
 * {@code spec.clusterSets} narrows what it sees further.
 *
 * <p>Built once per pass over one fleet; the visible clusters of a namespace are worked out the
 * first time they are asked for. Not thread-safe, like the pass itself.
 */
public final class TenancyScope {

    private final TenancyOptions options;
    private final Fleet fleet;
    /** Clustersets bound to each namespace, sorted. */
    private final Map<String, SortedSet<String>> bound;
    private final Map<String, BitSet> visible = new HashMap<>();
    private final Map<String, Fleet> views = new HashMap<>();

    private TenancyScope(TenancyOptions options, Fleet fleet, Map<String, SortedSet<String>> bound) {
        this.options = options;
        this.fleet = fleet;
        this.bound = bound;
    }

    /**
     * @param bindings every ClusterSetBinding; those being deleted or naming no clusterset bind nothing
     */
    public static TenancyScope of(TenancyOptions options, Fleet fleet, Collection<ClusterSetBinding> bindings) {
        Map<String, SortedSet<String>> bound = new TreeMap<>();
        for (ClusterSetBinding binding : bindings) {
            String clusterSet = binding.clusterSet();
            if (binding.metadata() == null || binding.metadata().getNamespace() == null
                    || binding.metadata().getDeletionTimestamp() != null || clusterSet == null || clusterSet.isBlank()) {
                continue;
            }
            bound.computeIfAbsent(binding.metadata().getNamespace(), ns -> new TreeSet<>()).add(clusterSet.trim());
        }
        return new TenancyScope(options, fleet, bound);
    }

    /** Every cluster visible to every namespace, as before tenancy existed. */
    public static TenancyScope open(Fleet fleet) {
        return new TenancyScope(TenancyOptions.openFleet(), fleet, Map.of());
    }

    public boolean isOpen() {
        return options.isOpen();
    }

    /** Whether the Placements of the namespace may see the cluster. */
    public boolean isVisible(String namespace, ClusterFact cluster) {
        return isOpen() || visible(namespace).get(cluster.index());
    }

    /**
     * The fleet indexes of the clusters the namespace's Placements may see; null in open mode,
     * when they see every cluster. The set is shared: callers only read it.
     */
    public BitSet visible(String namespace) {
        if (isOpen()) {
            return null;
        }
        return visible.computeIfAbsent(namespace, this::computeVisible);
    }

    private BitSet computeVisible(String namespace) {
        SortedSet<String> clusterSets = boundClusterSets(namespace);
        BitSet clusters = new BitSet(fleet.size());
        for (ClusterFact cluster : fleet.clusters()) {
            boolean bySet = cluster.clusterSet() != null && clusterSets.contains(cluster.clusterSet());
            boolean own = options.ownNamespaceProfiles() && namespace != null
                    && namespace.equals(cluster.ref().namespace());
            if (bySet || own) {
                clusters.set(cluster.index());
            }
        }
        return clusters;
    }

    /**
     * The fleet as the namespace's Placements see it: only the clusters they may see, each with its
     * index in the whole fleet; the whole fleet in open mode.
     */
    public Fleet fleetFor(String namespace) {
        if (isOpen()) {
            return fleet;
        }
        return views.computeIfAbsent(namespace, ns -> fleet.restrictedTo(visible(ns)));
    }

    /**
     * The placements with their previous decisions cut down to the clusters they may still see:
     * a cluster that left their namespace's view is neither kept (stability, a misconfigured
     * placement's previous decision) nor named again.
     */
    public List<Placement> withVisibleDecisions(Collection<Placement> placements) {
        if (isOpen()) {
            return List.copyOf(placements);
        }
        List<Placement> visibleOnly = new ArrayList<>(placements.size());
        for (Placement placement : placements) {
            PlacementStatus status = placement.status();
            if (status == null || status.decisions() == null) {
                visibleOnly.add(placement);
                continue;
            }
            Fleet view = fleetFor(placement.metadata().getNamespace());
            if (status.decisions().stream().allMatch(decision -> isVisible(decision, view))) {
                visibleOnly.add(placement); // the common case, on every pass: nothing to copy
                continue;
            }
            List<Decision> kept = status.decisions().stream().filter(decision -> isVisible(decision, view)).toList();
            visibleOnly.add(placement.withStatus(new PlacementStatus(status.observedGeneration(), kept.size(), kept,
                    status.conditions(), status.unselectedClusters(), status.numberOfUnselectedClusters(),
                    status.decisionGroups())));
        }
        return visibleOnly;
    }

    private static boolean isVisible(Decision decision, Fleet view) {
        return decision != null && decision.clusterProfileRef() != null && view.find(decision.clusterProfileRef()).isPresent();
    }

    /** Those of the clusters that are in the fleet but hidden from the namespace; none in open mode. */
    public List<ClusterProfileRef> hidden(String namespace, Collection<ClusterProfileRef> clusters) {
        if (isOpen()) {
            return List.of();
        }
        Fleet view = fleetFor(namespace);
        return clusters.stream()
                .filter(ref -> fleet.find(ref).isPresent() && view.find(ref).isEmpty())
                .sorted()
                .toList();
    }

    /** The clustersets bound to the namespace, sorted; empty when none is. */
    public SortedSet<String> boundClusterSets(String namespace) {
        return bound.getOrDefault(namespace, new TreeSet<>());
    }

    /**
     * What the Placement may see, for its status: the clustersets bound to its namespace and those
     * of its {@code spec.clusterSets} that are not; null in open mode.
     */
    public Access access(Placement placement) {
        if (isOpen()) {
            return null;
        }
        String namespace = placement.metadata().getNamespace();
        SortedSet<String> clusterSets = boundClusterSets(namespace);
        List<String> requested = placement.spec() == null || placement.spec().clusterSets() == null ? List.of()
                : placement.spec().clusterSets();
        SortedSet<String> unbound = new TreeSet<>();
        for (String clusterSet : requested) {
            if (clusterSet != null && !clusterSet.isBlank() && !clusterSets.contains(clusterSet)) {
                unbound.add(clusterSet);
            }
        }
        return new Access(namespace, clusterSets, unbound, options.ownNamespaceProfiles(),
                !visible(namespace).isEmpty());
    }

    /**
     * What one namespace may see.
     *
     * @param bound                clustersets bound to the namespace
     * @param unbound              clustersets the Placement asks for in {@code spec.clusterSets} that are not bound
     * @param ownNamespaceProfiles the ClusterProfiles in the namespace are visible too
     * @param seesAnyCluster       at least one cluster of the fleet is visible to the namespace
     */
    public record Access(String namespace, SortedSet<String> bound, SortedSet<String> unbound,
                         boolean ownNamespaceProfiles, boolean seesAnyCluster) {
    }
}
