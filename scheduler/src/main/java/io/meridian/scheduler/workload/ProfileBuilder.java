package io.meridian.scheduler.workload;

import io.kubernetes.client.openapi.models.V1Condition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterManager;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.ClusterProfileSpec;
import io.meridian.api.inventory.ClusterProfileStatus;
import io.meridian.api.inventory.Property;
import io.meridian.api.inventory.Version;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.FleetOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One generated ClusterProfile, healthy and joined unless told otherwise, as a cluster manager would publish it. */
final class ProfileBuilder {

    private final String name;
    private final Map<String, String> labels = new HashMap<>();
    private final List<Property> properties = new ArrayList<>();
    private String health = "True";
    private String joined = "True";

    ProfileBuilder(String name) {
        this.name = name;
        labels.put(ClusterProfile.CLUSTER_MANAGER_LABEL, FleetGenerator.CLUSTER_MANAGER);
    }

    ProfileBuilder location(String value) {
        return property(FleetOptions.DEFAULT_LOCATION_PROPERTY, value);
    }

    ProfileBuilder clusterSet(String value) {
        return property(FleetOptions.DEFAULT_CLUSTERSET_PROPERTY, value);
    }

    ProfileBuilder property(String key, String value) {
        properties.add(new Property(key, value));
        return this;
    }

    /** The value of a property set so far, or null. */
    String propertyValue(String key) {
        return properties.stream().filter(p -> p.name().equals(key)).map(Property::value).findFirst().orElse(null);
    }

    ProfileBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    ProfileBuilder healthy(String status) {
        this.health = status;
        return this;
    }

    ProfileBuilder joined(String status) {
        this.joined = status;
        return this;
    }

    ClusterProfile build() {
        V1ObjectMeta metadata = new V1ObjectMeta().namespace(FleetGenerator.FLEET_NAMESPACE).name(name)
                .labels(Map.copyOf(labels));
        List<V1Condition> conditions = List.of(condition(FactMapper.CONTROL_PLANE_HEALTHY, health),
                condition(FactMapper.JOINED, joined));
        return new ClusterProfile(ClusterProfile.API_VERSION, ClusterProfile.KIND, metadata,
                new ClusterProfileSpec(name, new ClusterManager(FleetGenerator.CLUSTER_MANAGER)),
                new ClusterProfileStatus(conditions, List.copyOf(properties), new Version(FleetGenerator.KUBERNETES_VERSION)));
    }

    private static V1Condition condition(String type, String status) {
        return new V1Condition().type(type).status(status).reason("Generated").message("generated fleet")
                .lastTransitionTime(FleetGenerator.SINCE);
    }
}
