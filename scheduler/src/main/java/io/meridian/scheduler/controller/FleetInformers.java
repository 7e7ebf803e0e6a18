package io.meridian.scheduler.controller;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.ClusterProfileList;
import io.meridian.api.inventory.PlacementDecision;
import io.meridian.api.inventory.PlacementDecisionList;
import io.meridian.api.placement.Placement;
import io.meridian.api.placement.PlacementList;
import io.meridian.scheduler.config.MeridianProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Watches what scheduling depends on: ClusterProfiles (all namespaces or the configured ones),
 * Namespaces (clusterset labels), Placements and PlacementDecisions. Only changes that can alter
 * a decision, or that edit what Meridian wrote, trigger a pass: the echoes of Meridian's own
 * status and slice writes do not ({@link OwnWrites}).
 */
@Component
public class FleetInformers {

    private final List<SharedIndexInformer<ClusterProfile>> profiles = new ArrayList<>();
    private final SharedIndexInformer<V1Namespace> namespaces;
    private final SharedIndexInformer<Placement> placements;
    private final SharedIndexInformer<PlacementDecision> decisions;
    private final String clusterManager;
    private final SharedInformerFactory factory;

    public FleetInformers(SharedInformerFactory factory, ApiClient apiClient, MeridianProperties properties,
                          SchedulingQueue queue, OwnWrites ownWrites) {
        this.factory = factory;
        this.clusterManager = properties.clusterManager();
        long resync = 0; // periodic passes come from the queue, not from informer resyncs
        GenericKubernetesApi<ClusterProfile, ClusterProfileList> profileApi = new GenericKubernetesApi<>(
                ClusterProfile.class, ClusterProfileList.class, ClusterProfile.GROUP, ClusterProfile.VERSION,
                ClusterProfile.PLURAL, apiClient);
        if (properties.clusterProfileNamespaces().isEmpty()) {
            profiles.add(factory.sharedIndexInformerFor(profileApi, ClusterProfile.class, resync));
        } else {
            properties.clusterProfileNamespaces().forEach(namespace ->
                    profiles.add(factory.sharedIndexInformerFor(profileApi, ClusterProfile.class, resync, namespace)));
        }
        namespaces = factory.sharedIndexInformerFor(new GenericKubernetesApi<>(V1Namespace.class, V1NamespaceList.class,
                "", "v1", "namespaces", apiClient), V1Namespace.class, resync);
        placements = factory.sharedIndexInformerFor(new GenericKubernetesApi<>(Placement.class, PlacementList.class,
                Placement.GROUP, Placement.VERSION, Placement.PLURAL, apiClient), Placement.class, resync);
        decisions = factory.sharedIndexInformerFor(new GenericKubernetesApi<>(PlacementDecision.class,
                PlacementDecisionList.class, PlacementDecision.GROUP, PlacementDecision.VERSION,
                PlacementDecision.PLURAL, apiClient), PlacementDecision.class, resync);

        profiles.forEach(informer -> informer.addEventHandler(trigger(queue, "ClusterProfile",
                (before, after) -> !Objects.equals(before.status(), after.status())
                        || !Objects.equals(before.metadata().getLabels(), after.metadata().getLabels())
                        || !Objects.equals(before.spec(), after.spec()))));
        namespaces.addEventHandler(trigger(queue, "Namespace",
                (before, after) -> !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())));
        placements.addEventHandler(placementHandler(queue, ownWrites));
        decisions.addEventHandler(sliceHandler(queue, ownWrites));
    }

    private static <T extends KubernetesObject> ResourceEventHandler<T> trigger(SchedulingQueue queue, String kind,
                                                                               BiPredicate<T, T> relevant) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                queue.changed(kind + " added");
            }

            @Override
            public void onUpdate(T before, T after) {
                if (relevant.test(before, after)) {
                    queue.changed(kind + " changed");
                }
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                queue.changed(kind + " deleted");
            }
        };
    }

    /**
     * A new spec, or a status that is not the echo of Meridian's own write: someone else edited
     * it, and the pass this starts writes Meridian's back.
     */
    private static ResourceEventHandler<Placement> placementHandler(SchedulingQueue queue, OwnWrites ownWrites) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Placement placement) {
                queue.changed("Placement added");
            }

            @Override
            public void onUpdate(Placement before, Placement after) {
                if (!Objects.equals(before.metadata().getGeneration(), after.metadata().getGeneration())
                        || !Objects.equals(before.metadata().getUid(), after.metadata().getUid())) {
                    queue.changed("Placement changed");
                } else if (!Objects.equals(before.status(), after.status()) && !ownWrites.isEcho(after)) {
                    queue.changed("Placement status edited");
                }
            }

            @Override
            public void onDelete(Placement placement, boolean finalStateUnknown) {
                ownWrites.forget(placement);
                queue.changed("Placement deleted");
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
                    queue.changed("PlacementDecision added");
                }
            }

            @Override
            public void onUpdate(PlacementDecision before, PlacementDecision after) {
                boolean changed = !Objects.equals(before.decisions(), after.decisions())
                        || !Objects.equals(before.schedulerName(), after.schedulerName())
                        || !Objects.equals(before.metadata().getLabels(), after.metadata().getLabels())
                        || !Objects.equals(before.metadata().getOwnerReferences(), after.metadata().getOwnerReferences());
                if (changed && !ownWrites.isEcho(after)) {
                    queue.changed("PlacementDecision edited");
                }
            }

            @Override
            public void onDelete(PlacementDecision slice, boolean finalStateUnknown) {
                ownWrites.forget(slice);
                if (!ownWrites.isOwnDelete(slice)) {
                    queue.changed("PlacementDecision deleted");
                }
            }
        };
    }

    public void start() {
        factory.startAllRegisteredInformers();
    }

    public boolean hasSynced() {
        return Stream.concat(profiles.stream(), Stream.of(namespaces, placements, decisions))
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

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }
}
