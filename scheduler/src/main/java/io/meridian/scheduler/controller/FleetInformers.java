package io.meridian.scheduler.controller;

import com.google.gson.Gson;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Cache;
import io.kubernetes.client.informer.impl.DefaultSharedIndexInformer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.meridian.api.ApiJson;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.ClusterProfileList;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.inventory.PlacementDecisionList;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementList;
import io.meridian.api.tenancy.ClusterSetBinding;
import io.meridian.api.tenancy.ClusterSetBindingList;
import io.meridian.api.placement.Taint;
import io.meridian.scheduler.config.MeridianProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Watches what scheduling depends on: ClusterProfiles (all namespaces or the configured ones),
 * Namespaces (clusterset labels), ClusterSetBindings (which namespace may see which clusterset),
 * Placements and PlacementDecisions. Only changes that can alter
 * a decision, or that edit what Meridian wrote, trigger a pass: the echoes of Meridian's own
 * status and slice writes do not ({@link OwnWrites}). An object that cannot be decoded is left out
 * of its informer's cache alone ({@link DecodingListerWatcher}).
 */
@Component
public class FleetInformers {

    /** The cached objects' strings are shared, one instance per distinct value ({@link InternedStrings}). */
    private static final Gson DECODING = InternedStrings.decoding(ApiJson.gson());

    static final WatchedResource<ClusterProfile, ClusterProfileList> PROFILES = new WatchedResource<>(
            ClusterProfile.KIND, ClusterProfile.GROUP, ClusterProfile.VERSION, ClusterProfile.PLURAL,
            ClusterProfile.class, ClusterProfileList.class);
    static final WatchedResource<V1Namespace, V1NamespaceList> NAMESPACES = new WatchedResource<>(
            "Namespace", "", "v1", "namespaces", V1Namespace.class, V1NamespaceList.class);
    static final WatchedResource<Placement, PlacementList> PLACEMENTS = new WatchedResource<>(
            Placement.KIND, Placement.GROUP, Placement.VERSION, Placement.PLURAL, Placement.class, PlacementList.class);
    static final WatchedResource<PlacementDecision, PlacementDecisionList> DECISIONS = new WatchedResource<>(
            PlacementDecision.KIND, PlacementDecision.GROUP, PlacementDecision.VERSION, PlacementDecision.PLURAL,
            PlacementDecision.class, PlacementDecisionList.class);
    static final WatchedResource<ClusterSetBinding, ClusterSetBindingList> BINDINGS = new WatchedResource<>(
            ClusterSetBinding.KIND, ClusterSetBinding.GROUP, ClusterSetBinding.VERSION, ClusterSetBinding.PLURAL,
            ClusterSetBinding.class, ClusterSetBindingList.class);

    private final List<SharedIndexInformer<ClusterProfile>> profiles = new ArrayList<>();
    private final SharedIndexInformer<V1Namespace> namespaces;
    private final SharedIndexInformer<Placement> placements;
    private final SharedIndexInformer<PlacementDecision> decisions;
    private final SharedIndexInformer<ClusterSetBinding> bindings;
    private final String clusterManager;
    private final List<InformerHealth.Tracker> trackers = new ArrayList<>();
    private final List<SharedIndexInformer<?>> all = new ArrayList<>();
    private final ApiClient apiClient;
    private final InformerHealth health;
    private final ControllerMetrics metrics;

    public FleetInformers(ApiClient apiClient, MeridianProperties properties, SchedulingQueue queue, OwnWrites ownWrites,
                          InformerHealth health, ControllerMetrics metrics) {
        this.apiClient = apiClient;
        this.health = health;
        this.metrics = metrics;
        this.clusterManager = properties.clusterManager();
        if (properties.clusterProfileNamespaces().isEmpty()) {
            profiles.add(informer(PROFILES, ""));
        } else {
            properties.clusterProfileNamespaces().forEach(namespace -> profiles.add(informer(PROFILES, namespace)));
        }
        namespaces = informer(NAMESPACES, "");
        placements = informer(PLACEMENTS, "");
        decisions = informer(DECISIONS, "");
        bindings = informer(BINDINGS, "");

        profiles.forEach(informer -> informer.addEventHandler(trigger(queue::fleetChanged, "ClusterProfile",
                (before, after) -> !Objects.equals(before.status(), after.status())
                        || !Objects.equals(before.metadata().getLabels(), after.metadata().getLabels())
                        || !Objects.equals(taints(before), taints(after))
                        || !Objects.equals(before.spec(), after.spec())
                        // A deletionTimestamp makes the profile leave every placement.
                        || !Objects.equals(before.metadata().getDeletionTimestamp(), after.metadata().getDeletionTimestamp()))));
        namespaces.addEventHandler(trigger(queue::changed, "Namespace",
                (before, after) -> !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())));
        placements.addEventHandler(placementHandler(queue, ownWrites));
        decisions.addEventHandler(sliceHandler(queue, ownWrites));
        // A binding added, deleted or pointed at another clusterset changes what its namespace sees;
        // its status, which Meridian writes, does not.
        bindings.addEventHandler(trigger(queue::changed, "ClusterSetBinding",
                (before, after) -> !Objects.equals(before.spec(), after.spec())
                        || !Objects.equals(before.metadata().getDeletionTimestamp(), after.metadata().getDeletionTimestamp())
                        || !Objects.equals(before.metadata().getUid(), after.metadata().getUid())));
    }

    /** The admin taints of a profile, which scheduling reads from its annotation. */
    private static String taints(ClusterProfile profile) {
        Map<String, String> annotations = profile.metadata().getAnnotations();
        return annotations == null ? null : annotations.get(Taint.ANNOTATION);
    }

    /** @param pass asks for a pass, full or not, saying why */
    private static <T extends KubernetesObject> ResourceEventHandler<T> trigger(Consumer<String> pass, String kind,
                                                                               BiPredicate<T, T> relevant) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                pass.accept(kind + " added");
            }

            @Override
            public void onUpdate(T before, T after) {
                if (relevant.test(before, after)) {
                    pass.accept(kind + " changed");
                }
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                pass.accept(kind + " deleted");
            }
        };
    }

    /**
     * Periodic passes come from the queue, not from informer resyncs. Failures reach the health
     * tracker, which logs them once per condition, instead of client-java's stack trace per retry.
     */
    private <T extends KubernetesObject, L extends KubernetesListObject> SharedIndexInformer<T> informer(
            WatchedResource<T, L> resource, String namespace) {
        InformerHealth.Tracker tracker = health.track(namespace.isEmpty() ? resource.kind()
                : resource.kind() + " in " + namespace);
        DecodingListerWatcher<T, L> listerWatcher = new DecodingListerWatcher<>(apiClient, resource, namespace,
                DECODING, new UndecodableObjects(resource.kind(), DECODING, metrics), tracker);
        SharedIndexInformer<T> informer = new DefaultSharedIndexInformer<>(resource.type(), listerWatcher, 0,
                new Cache<>(), (type, failure) -> tracker.failed(failure));
        trackers.add(tracker);
        all.add(informer);
        return informer;
    }

    /**
     * A new spec, or a status that is not the echo of Meridian's own write: someone else edited
     * it, and the pass this starts writes Meridian's back.
     */
    private static ResourceEventHandler<Placement> placementHandler(SchedulingQueue queue, OwnWrites ownWrites) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Placement placement) {
                queue.placementTouched("Placement added", placement.key());
            }

            @Override
            public void onUpdate(Placement before, Placement after) {
                if (!Objects.equals(before.metadata().getGeneration(), after.metadata().getGeneration())
                        || !Objects.equals(before.metadata().getUid(), after.metadata().getUid())) {
                    queue.fleetChanged("Placement changed");
                } else if (!Objects.equals(before.status(), after.status()) && !ownWrites.isEcho(after)) {
                    queue.placementTouched("Placement status edited", after.key());
                }
            }

            @Override
            public void onDelete(Placement placement, boolean finalStateUnknown) {
                ownWrites.forget(placement);
                queue.fleetChanged("Placement deleted");
            }
        };
    }

    /**
     * Any slice appearing, changing or disappearing other than by Meridian's own write: someone
     * injected, edited (decisions, labels, owner, scheduler name) or deleted one, and the pass
     * this starts puts Meridian's slices back as they were.
     */
    private static ResourceEventHandler<PlacementDecision> sliceHandler(SchedulingQueue queue, OwnWrites ownWrites) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(PlacementDecision slice) {
                if (!ownWrites.isEcho(slice)) {
                    queue.placementTouched("PlacementDecision added", SliceWriter.placementKey(slice));
                }
            }

            @Override
            public void onUpdate(PlacementDecision before, PlacementDecision after) {
                boolean changed = !Objects.equals(before.decisions(), after.decisions())
                        || !Objects.equals(before.schedulerName(), after.schedulerName())
                        || !Objects.equals(before.metadata().getLabels(), after.metadata().getLabels())
                        || !Objects.equals(before.metadata().getOwnerReferences(), after.metadata().getOwnerReferences());
                if (changed && !ownWrites.isEcho(after)) {
                    queue.placementTouched("PlacementDecision edited", SliceWriter.placementKey(after));
                }
            }

            @Override
            public void onDelete(PlacementDecision slice, boolean finalStateUnknown) {
                ownWrites.forget(slice);
                if (!ownWrites.isOwnDelete(slice)) {
                    queue.placementTouched("PlacementDecision deleted", SliceWriter.placementKey(slice));
                }
            }
        };
    }

    public void start() {
        trackers.forEach(InformerHealth.Tracker::started);
        all.forEach(SharedIndexInformer::run);
    }

    public void stop() {
        trackers.forEach(InformerHealth.Tracker::stopping);
        all.forEach(SharedIndexInformer::stop);
    }

    public boolean hasSynced() {
        return Stream.concat(profiles.stream(), Stream.of(namespaces, placements, decisions, bindings))
                .allMatch(SharedIndexInformer::hasSynced);
    }

    /** Profiles of the configured cluster manager, if one is configured. */
    public List<ClusterProfile> clusterProfiles() {
        return profiles.stream()
                .flatMap(informer -> informer.getIndexer().list().stream())
                .filter(profile -> clusterManager.isEmpty() || clusterManager.equals(labels(profile.metadata().getLabels())
                        .get(ClusterProfile.CLUSTER_MANAGER_LABEL)))
                .toList();
    }

    public Map<String, Map<String, String>> namespaceLabels() {
        Map<String, Map<String, String>> labels = new HashMap<>();
        namespaces.getIndexer().list().forEach(ns -> labels.put(ns.getMetadata().getName(), labels(ns.getMetadata().getLabels())));
        return labels;
    }

    public List<Placement> placements() {
        return List.copyOf(placements.getIndexer().list());
    }

    public List<PlacementDecision> placementDecisions() {
        return List.copyOf(decisions.getIndexer().list());
    }

    public List<ClusterSetBinding> clusterSetBindings() {
        return List.copyOf(bindings.getIndexer().list());
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }
}
