package io.meridian.scheduler.fleet;

import io.meridian.api.inventory.ClusterProfileRef;
import io.kubernetes.client.custom.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the scheduler knows about one member cluster, read from its ClusterProfile. Values a
 * cluster manager did not publish, or published in a form that cannot be read, are absent
 * ({@code null} or empty) rather than errors, so one odd profile never stops scheduling.
 *
 * <p>Identity is the profile's namespace/name; {@link #index()} is its position in the
 * {@link Fleet}, used for compact per-placement bit sets.
 */
public final class ClusterFact {

    public static final String UNKNOWN = "<unknown>";

    private final ClusterProfileRef ref;
    private final int index;
    private final String clusterManager;
    private final Map<String, String> labels;
    private final Map<String, String> properties;
    private final String clusterSet;
    private final String location;
    private final ConditionFact health;
    private final ConditionFact joined;
    private final KubernetesVersion version;
    private final Integer capacity;
    private final List<ClusterTaint> taints;
    /** Read by a constraint at every score calculation, so found once. */
    private final boolean deleting;
    private final Map<String, Optional<BigDecimal>> numericProperties = new ConcurrentHashMap<>();
    private final Function<String, ResourceProperties> resourceProperties;
    private final Map<String, ResourceCapacity> resourceCapacities = new ConcurrentHashMap<>();

    @SuppressWarnings("java:S107") // a fact is a flat record of what the profile says
    public ClusterFact(ClusterProfileRef ref, int index, String clusterManager, Map<String, String> labels,
                       Map<String, String> properties, String clusterSet, String location, ConditionFact health,
                       ConditionFact joined, KubernetesVersion version, Integer capacity, List<ClusterTaint> taints) {
        this(ref, index, clusterManager, labels, properties, clusterSet, location, health, joined, version, capacity,
                taints, ResourceProperties::defaults);
    }

    /** @param resourceProperties where the capacity of each resource is read, by resource name */
    @SuppressWarnings("java:S107")
    public ClusterFact(ClusterProfileRef ref, int index, String clusterManager, Map<String, String> labels,
                       Map<String, String> properties, String clusterSet, String location, ConditionFact health,
                       ConditionFact joined, KubernetesVersion version, Integer capacity, List<ClusterTaint> taints,
                       Function<String, ResourceProperties> resourceProperties) {
        this.ref = ref;
        this.index = index;
        this.clusterManager = clusterManager;
        this.labels = Map.copyOf(labels);
        this.properties = Map.copyOf(properties);
        this.clusterSet = clusterSet;
        this.location = location;
        this.health = health;
        this.joined = joined;
        this.version = version;
        this.capacity = capacity;
        this.taints = List.copyOf(taints);
        this.deleting = this.taints.stream().anyMatch(ClusterTaint::isDeleting);
        this.resourceProperties = resourceProperties;
    }

    ClusterFact withIndex(int newIndex) {
        return new ClusterFact(ref, newIndex, clusterManager, labels, properties, clusterSet, location, health,
                joined, version, capacity, taints, resourceProperties);
    }

    public ClusterProfileRef ref() {
        return ref;
    }

    public int index() {
        return index;
    }

    public String clusterManager() {
        return clusterManager;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** The clusterset, or null when neither property nor labels name one. */
    public String clusterSet() {
        return clusterSet;
    }

    /** The location, or null when the profile has none. */
    public String location() {
        return location;
    }

    public ConditionFact health() {
        return health;
    }

    public ConditionFact joined() {
        return joined;
    }

    public boolean isHealthy() {
        return health.isTrue();
    }

    public boolean isJoined() {
        return joined.isTrue();
    }

    /**
     * The ClusterProfile has a deletionTimestamp: it is leaving the fleet (a finalizer still holds
     * it), so no placement may keep or select it. Read from its built-in deleting taint.
     */
    public boolean isDeleting() {
        return deleting;
    }

    public Optional<KubernetesVersion> version() {
        return Optional.ofNullable(version);
    }

    /** How many placements the cluster accepts, or null for no limit. */
    public Integer capacity() {
        return capacity;
    }

    /** The cluster's capacity for a resource, read once from its properties; see {@link ResourceCapacity#read}. */
    public ResourceCapacity resourceCapacity(String resource) {
        return resourceCapacities.computeIfAbsent(resource,
                name -> ResourceCapacity.read(name, resourceProperties.apply(name), properties));
    }

    /**
     * The cluster's taints: the built-in ones for an unhealthy, not joined or deleting profile
     * first, then those of the taints annotation in its order.
     */
    public List<ClusterTaint> taints() {
        return taints;
    }

    /** A property read as a number or Kubernetes quantity; empty when absent or not numeric. */
    public Optional<BigDecimal> numericProperty(String name) {
        return numericProperties.computeIfAbsent(name, key -> parseNumber(properties.get(key)));
    }

    /** The value of a property or, when there is no such property, a label; null if neither. */
    public String propertyOrLabel(String key) {
        String value = properties.get(key);
        return value != null ? value : labels.get(key);
    }

    static Optional<BigDecimal> parseNumber(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Quantity(value.trim()).getNumber());
        } catch (RuntimeException notAQuantity) {
            return Optional.empty();
        }
    }

    /** Same manager, clusterset, labels, properties and version: what placement predicates read. */
    public boolean hasSamePredicateFacts(ClusterFact other) {
        return Objects.equals(clusterManager, other.clusterManager) && Objects.equals(clusterSet, other.clusterSet)
                && labels.equals(other.labels) && properties.equals(other.properties)
                && Objects.equals(version, other.version);
    }

    /** Everything a scheduling pass reads of the cluster is the same; only its index may differ. */
    public boolean hasSameFacts(ClusterFact other) {
        return hasSamePredicateFacts(other) && Objects.equals(location, other.location) && health.equals(other.health)
                && joined.equals(other.joined) && Objects.equals(capacity, other.capacity) && taints.equals(other.taints);
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof ClusterFact fact && ref.equals(fact.ref);
    }

    @Override
    public int hashCode() {
        return ref.hashCode();
    }

    @Override
    public String toString() {
        return ref.toString();
    }
}
