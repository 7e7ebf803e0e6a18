package io.meridian.scheduler.fleet;

import io.kubernetes.client.openapi.models.V1Condition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.ClusterProfileStatus;
import io.meridian.api.inventory.Property;
import io.meridian.api.placement.Taint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a ClusterProfile into a {@link ClusterFact}. Never throws on what a cluster manager
 * published: missing conditions, duplicate or empty properties and unreadable values become
 * absent facts.
 */
public final class FactMapper {

    public static final String CONTROL_PLANE_HEALTHY = "ControlPlaneHealthy";
    public static final String JOINED = "Joined";

    private final FleetOptions options;

    public FactMapper(FleetOptions options) {
        this.options = options;
    }

    /**
     * The fleet these profiles describe.
     *
     * @param namespaceLabels labels by namespace name, for clustersets named on a profile's namespace
     */
    public Fleet fleet(Collection<ClusterProfile> profiles, Map<String, Map<String, String>> namespaceLabels) {
        List<ClusterFact> facts = new ArrayList<>(profiles.size());
        for (ClusterProfile profile : profiles) {
            facts.add(map(profile, namespaceLabels.get(profile.metadata().getNamespace())));
        }
        return Fleet.of(facts);
    }

    /**
     * @param namespaceLabels labels of the profile's namespace, consulted for the clusterset
     *                        when the profile itself does not name one
     */
    public ClusterFact map(ClusterProfile profile, Map<String, String> namespaceLabels) {
        V1ObjectMeta metadata = profile.metadata();
        Map<String, String> labels = metadata.getLabels() == null ? Map.of() : withoutNulls(metadata.getLabels());
        ClusterProfileStatus status = profile.status();
        List<V1Condition> conditions = status == null || status.conditions() == null ? List.of() : status.conditions();
        Map<String, String> properties = properties(status);
        String manager = clusterManager(profile, labels);

        ConditionFact joined = condition(conditions, JOINED);
        if (joined.state() == ConditionState.MISSING && manager != null
                && options.managersWithoutJoinedCondition().contains(manager)) {
            joined = new ConditionFact(ConditionState.TRUE, null);
        }
        String version = status == null || status.version() == null ? null : status.version().kubernetes();
        ConditionFact health = condition(conditions, CONTROL_PLANE_HEALTHY);
        return new ClusterFact(profile.ref(), -1, manager, labels, properties,
                clusterSet(properties, labels, namespaceLabels),
                blankToNull(properties.get(options.locationProperty())),
                health, joined, KubernetesVersion.parse(version).orElse(null), capacity(properties),
                taints(metadata, health, joined), options::resourcePropertiesFor);
    }

    /**
     * Built-in taints for what the cluster manager and the API server say, then the admin's: an
     * unhealthy or not joined cluster is tainted NoSelect since its condition changed, a profile
     * being deleted for good.
     */
    private static List<ClusterTaint> taints(V1ObjectMeta metadata, ConditionFact health, ConditionFact joined) {
        List<ClusterTaint> taints = new ArrayList<>();
        if (metadata.getDeletionTimestamp() != null) {
            taints.add(ClusterTaint.deleting(metadata.getDeletionTimestamp().toInstant()));
        }
        if (!health.isTrue()) {
            taints.add(conditionTaint(Taint.UNHEALTHY, CONTROL_PLANE_HEALTHY, health));
        }
        if (!joined.isTrue()) {
            taints.add(conditionTaint(Taint.NOT_JOINED, JOINED, joined));
        }
        Map<String, String> annotations = metadata.getAnnotations();
        taints.addAll(TaintReader.read(annotations == null ? null : annotations.get(Taint.ANNOTATION)));
        return taints;
    }

    private static ClusterTaint conditionTaint(String key, String type, ConditionFact condition) {
        String state = switch (condition.state()) {
            case TRUE -> "True";
            case FALSE -> "False";
            case UNKNOWN -> "Unknown";
            case MISSING -> "Missing";
        };
        String described = condition.state() == ConditionState.MISSING ? "missing" : state;
        return new ClusterTaint(key, state, TaintEffect.NO_SELECT, condition.since(), type + " is " + described, true);
    }

    private static Map<String, String> properties(ClusterProfileStatus status) {
        Map<String, String> properties = new HashMap<>();
        if (status == null || status.properties() == null) {
            return properties;
        }
        // First value wins: a manager that repeats a name should not make the fact flap between values.
        for (Property property : status.properties()) {
            if (property != null && property.name() != null && property.value() != null) {
                properties.putIfAbsent(property.name(), property.value());
            }
        }
        return properties;
    }

    private static String clusterManager(ClusterProfile profile, Map<String, String> labels) {
        if (profile.spec() != null && profile.spec().clusterManager() != null) {
            String name = blankToNull(profile.spec().clusterManager().name());
            if (name != null) {
                return name;
            }
        }
        return blankToNull(labels.get(ClusterProfile.CLUSTER_MANAGER_LABEL));
    }

    private String clusterSet(Map<String, String> properties, Map<String, String> labels,
                              Map<String, String> namespaceLabels) {
        String fromProperty = blankToNull(properties.get(options.clusterSetProperty()));
        if (fromProperty != null) {
            return fromProperty;
        }
        String fromLabel = blankToNull(labels.get(options.clusterSetLabel()));
        if (fromLabel != null) {
            return fromLabel;
        }
        return namespaceLabels == null ? null : blankToNull(namespaceLabels.get(options.clusterSetLabel()));
    }

    private Integer capacity(Map<String, String> properties) {
        Optional<BigDecimal> number = ClusterFact.parseNumber(properties.get(options.capacityProperty()));
        return number.filter(value -> value.signum() >= 0)
                .map(value -> value.min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue())
                .orElse(null);
    }

    private static ConditionFact condition(List<V1Condition> conditions, String type) {
        return conditions.stream()
                .filter(Objects::nonNull)
                .filter(condition -> type.equals(condition.getType()))
                .findFirst()
                .map(condition -> new ConditionFact(ConditionState.of(condition.getStatus()),
                        condition.getLastTransitionTime() == null ? null
                                : Instant.from(condition.getLastTransitionTime())))
                .orElse(ConditionFact.MISSING);
    }

    private static Map<String, String> withoutNulls(Map<String, String> map) {
        Map<String, String> copy = new HashMap<>();
        map.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
