package io.meridian.scheduler.fleet;

import io.kubernetes.client.openapi.models.V1Condition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterManager;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.ClusterProfileSpec;
import io.meridian.api.inventory.ClusterProfileStatus;
import io.meridian.api.inventory.Property;
import io.meridian.api.inventory.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds ClusterProfiles for tests, healthy and joined unless told otherwise. */
public final class Profiles {

    public static final OffsetDateTime SINCE = OffsetDateTime.of(2026, 11, 20, 8, 0, 0, 0, ZoneOffset.UTC);

    private final String namespace;
    private final String name;
    private String manager = "open-cluster-management";
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> annotations = new HashMap<>();
    private final List<Property> properties = new ArrayList<>();
    private final List<V1Condition> conditions = new ArrayList<>();
    private String version = "v1.31.0";
    private boolean healthSet;
    private boolean joinedSet;
    private boolean deleting;

    private Profiles(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    public static Profiles profile(String name) {
        return new Profiles("fleet", name);
    }

    public static Profiles profile(String namespace, String name) {
        return new Profiles(namespace, name);
    }

    public Profiles manager(String value) {
        this.manager = value;
        return this;
    }

    public Profiles label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public Profiles annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    /** Admin taints in the taints annotation, as its JSON list. */
    public Profiles taints(String json) {
        return annotation(io.meridian.api.placement.Taint.ANNOTATION, json);
    }

    public Profiles property(String key, String value) {
        properties.add(new Property(key, value));
        return this;
    }

    public Profiles location(String value) {
        return property("location", value);
    }

    public Profiles clusterSet(String value) {
        return property("clusterset.k8s.io", value);
    }

    public Profiles version(String value) {
        this.version = value;
        return this;
    }

    public Profiles healthy(String status) {
        return healthy(status, SINCE);
    }

    public Profiles healthy(String status, OffsetDateTime since) {
        healthSet = true;
        conditions.removeIf(c -> FactMapper.CONTROL_PLANE_HEALTHY.equals(c.getType())); // a profile has one of each
        conditions.add(condition(FactMapper.CONTROL_PLANE_HEALTHY, status, since));
        return this;
    }

    public Profiles joined(String status) {
        joinedSet = true;
        conditions.removeIf(c -> FactMapper.JOINED.equals(c.getType()));
        conditions.add(condition(FactMapper.JOINED, status, SINCE));
        return this;
    }

    /** A deletionTimestamp and a finalizer holding the profile, as while its cluster manager cleans up. */
    public Profiles deleting() {
        this.deleting = true;
        return this;
    }

    public Profiles withoutHealth() {
        healthSet = true;
        return this;
    }

    public Profiles withoutJoined() {
        joinedSet = true;
        return this;
    }

    public ClusterProfile build() {
        List<V1Condition> all = new ArrayList<>(conditions);
        if (!healthSet) {
            all.add(condition(FactMapper.CONTROL_PLANE_HEALTHY, "True", SINCE));
        }
        if (!joinedSet) {
            all.add(condition(FactMapper.JOINED, "True", SINCE));
        }
        Map<String, String> allLabels = new HashMap<>(labels);
        if (manager != null) {
            allLabels.put(ClusterProfile.CLUSTER_MANAGER_LABEL, manager);
        }
        V1ObjectMeta metadata = new V1ObjectMeta().namespace(namespace).name(name).labels(allLabels)
                .annotations(annotations.isEmpty() ? null : Map.copyOf(annotations));
        if (deleting) {
            metadata.deletionTimestamp(SINCE.plusDays(3)).addFinalizersItem("cluster-manager.example/cleanup");
        }
        return new ClusterProfile(ClusterProfile.API_VERSION, ClusterProfile.KIND, metadata,
                new ClusterProfileSpec(name, manager == null ? null : new ClusterManager(manager)),
                new ClusterProfileStatus(all, List.copyOf(properties), version == null ? null : new Version(version)));
    }

    public ClusterFact fact() {
        return new FactMapper(FleetOptions.defaults()).map(build(), Map.of());
    }

    public static Fleet fleet(Profiles... profiles) {
        return new FactMapper(FleetOptions.defaults())
                .fleet(java.util.Arrays.stream(profiles).map(Profiles::build).toList(), Map.of());
    }

    private static V1Condition condition(String type, String status, OffsetDateTime since) {
        return new V1Condition().type(type).status(status).reason("Test").message("test").lastTransitionTime(since);
    }
}
