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
import io.meridian.api.placement.Taint;
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
 * a decision trigger a pass: our own status writes and slice updates do not.
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
                        || !Objects.equals(taints(before), taints(after))
                        || !Objects.equals(before.spec(), after.spec()))));
        namespaces.addEventHandler(trigger(queue, "Namespace",
                (before, after) -> !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())));
        placements.addEventHandler(trigger(queue, "Placement",
                (before, after) -> !Objects.equals(before.metadata().getGeneration(), after.metadata().getGeneration())
                        || !Objects.equals(before.metadata().getUid(), after.metadata().getUid())));
        // Someone else editing or deleting a slice: the next pass writes it back. Slices appearing
        // are our own writes (or a list at start-up, which the first pass covers anyway).
        decisions.addEventHandler(trigger(queue, "PlacementDecision", false,
                (before, after) -> !Objects.equals(before.decisions(), after.decisions()) && !ownWrites.isEcho(after)));
    }

    /** The admin taints of a profile, which scheduling reads from its annotation. */
    private static String taints(ClusterProfile profile) {
        Map<String, String> annotations = profile.metadata().getAnnotations();
        return annotations == null ? null : annotations.get(Taint.ANNOTATION);
    }

    private static <T extends KubernetesObject> ResourceEventHandler<T> trigger(SchedulingQueue queue, String kind,
                                                                               BiPredicate<T, T> relevant) {
        return trigger(queue, kind, true, relevant);
    }

    private static <T extends KubernetesObject> ResourceEventHandler<T> trigger(SchedulingQueue queue, String kind,
                                                                               boolean onAdd, BiPredicate<T, T> relevant) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                if (onAdd) {
                    queue.changed(kind + " added");
                }
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
