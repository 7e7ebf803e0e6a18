package io.meridian.scheduler.plan;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.placement.Placement;
import io.meridian.api.tenancy.ClusterSetBinding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The live fleet with the given manifests laid over it, as if they had been applied: a given
 * Placement replaces the live one of the same key (keeping its status, so stability applies, and
 * counting a changed spec as a new generation), given profiles, namespaces and ClusterSetBindings
 * replace live ones.
 */
final class WhatIf {

    private WhatIf() {
    }

    static Manifests overlay(Manifests live, Manifests given) {
        Map<String, ClusterProfile> profiles = new LinkedHashMap<>();
        live.clusterProfiles().forEach(profile -> profiles.put(profile.ref().toString(), profile));
        given.clusterProfiles().forEach(profile -> profiles.put(profile.ref().toString(), profile));

        Map<String, Placement> placements = new LinkedHashMap<>();
        live.placements().forEach(placement -> placements.put(placement.key(), placement));
        for (Placement placement : given.placements()) {
            placements.put(placement.key(), asApplied(placement, placements.get(placement.key())));
        }
        Map<String, Map<String, String>> namespaceLabels = new HashMap<>(live.namespaceLabels());
        namespaceLabels.putAll(given.namespaceLabels());
        Map<String, ClusterSetBinding> bindings = new LinkedHashMap<>();
        live.clusterSetBindings().forEach(binding -> bindings.put(binding.key(), binding));
        given.clusterSetBindings().forEach(binding -> bindings.put(binding.key(), binding));
        return new Manifests(new ArrayList<>(profiles.values()), new ArrayList<>(placements.values()), namespaceLabels,
                given.sources(), new ArrayList<>(bindings.values()));
    }

    private static Placement asApplied(Placement given, Placement current) {
        if (current == null) {
            return given;
        }
        long generation = current.metadata().getGeneration() == null ? 1 : current.metadata().getGeneration();
        V1ObjectMeta metadata = current.metadata()
                .labels(given.metadata().getLabels())
                .generation(Objects.equals(given.spec(), current.spec()) ? generation : generation + 1);
        return new Placement(current.apiVersion(), current.kind(), metadata, given.spec(), current.status());
    }

    /** What the plan changes against the Placement's current status; null when planning offline. */
    static DecisionChange change(List<String> planned, Placement current) {
        if (current == null) {
            return new DecisionChange(false, planned, List.of(), List.of());
        }
        List<String> now = current.status() == null || current.status().decisions() == null ? List.of()
                : current.status().decisions().stream()
                .map(decision -> decision.clusterProfileRef().toString()).toList();
        return new DecisionChange(true,
                planned.stream().filter(cluster -> !now.contains(cluster)).toList(),
                now.stream().filter(cluster -> !planned.contains(cluster)).toList(),
                planned.stream().filter(now::contains).toList());
    }
}
