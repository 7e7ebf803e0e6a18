package io.meridian.scheduler.config;

import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.ResourceProperties;
import io.meridian.scheduler.placement.TenancyMode;
import io.meridian.scheduler.placement.TenancyOptions;
import io.meridian.scheduler.solver.ResourceStrategy;
import io.meridian.scheduler.solver.SchedulingOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every knob of the controller, bound from {@code meridian.*} properties or {@code MERIDIAN_*}
 * environment variables.
 *
 * @param kubeconfig             kubeconfig file to use; empty for the standard lookup (KUBECONFIG,
 *                               ~/.kube/config, then the in-cluster service account)
 * @param context                kubeconfig context to use; empty for its current context
 * @param clusterProfileNamespaces namespaces whose ClusterProfiles are read; empty for all
 * @param clusterManager         only profiles labelled {@code x-k8s.io/cluster-manager} with this value; empty for all
 * @param fleet                  how profiles become facts
 * @param scheduling             solver and toleration settings
 * @param debounce               quiet time after a change before a scheduling pass, so bursts are handled together
 * @param resync                 full pass at least this often, whatever the watches say
 * @param leaderElection         Lease-based leader election between replicas
 * @param writeConcurrency       status and PlacementDecision writes in flight at once
 * @param informerStaleAfter     readiness goes down when an informer has not listed, or its list and
 *                               watch have been failing, for this long
 * @param apiTimeout             connect, read and write timeout of every API call but watches (which
 *                               may stay silent until their server-side timeout); also bounds the
 *                               Lease release on stop
 * @param tenancy                which clusters the Placements of a namespace may see
 */
@ConfigurationProperties("meridian")
public record MeridianProperties(
        @DefaultValue("") String kubeconfig,
        @DefaultValue("") String context,
        @DefaultValue List<String> clusterProfileNamespaces,
        @DefaultValue("") String clusterManager,
        @DefaultValue Fleet fleet,
        @DefaultValue Scheduling scheduling,
        @DefaultValue("50ms") Duration debounce,
        @DefaultValue("5m") Duration resync,
        @DefaultValue LeaderElection leaderElection,
        @DefaultValue("8") int writeConcurrency,
        @DefaultValue("60s") Duration informerStaleAfter,
        @DefaultValue("10s") Duration apiTimeout,
        @DefaultValue Tenancy tenancy) {

    /**
     * @param resources by resource name ({@code meridian.fleet.resources.cpu.allocatable}, or with
     *                  brackets for names with dots or slashes: {@code meridian.fleet.resources.[nvidia.com/gpu].allocatable}),
     *                  the properties its capacity is read from; a resource not named uses the defaults
     *                  of {@link ResourceProperties#defaults}, and a resource named with only one list keeps
     *                  nothing of the defaults
     */
    public record Fleet(
            @DefaultValue(FleetOptions.DEFAULT_LOCATION_PROPERTY) String locationProperty,
            @DefaultValue(FleetOptions.DEFAULT_CLUSTERSET_PROPERTY) String clusterSetProperty,
            @DefaultValue(FleetOptions.DEFAULT_CLUSTERSET_LABEL) String clusterSetLabel,
            @DefaultValue(FleetOptions.DEFAULT_CAPACITY_PROPERTY) String capacityProperty,
            @DefaultValue Set<String> managersWithoutJoinedCondition,
            @DefaultValue Map<String, ResourceCapacityProperties> resources) {

        @ConstructorBinding
        public Fleet {
            resources = resources == null ? Map.of() : resources;
        }

        /** Without resource properties: every resource uses the defaults. */
        public Fleet(String locationProperty, String clusterSetProperty, String clusterSetLabel,
                     String capacityProperty, Set<String> managersWithoutJoinedCondition) {
            this(locationProperty, clusterSetProperty, clusterSetLabel, capacityProperty,
                    managersWithoutJoinedCondition, Map.of());
        }

        public FleetOptions options() {
            Map<String, ResourceProperties> byResource = new TreeMap<>();
            resources.forEach((name, properties) -> byResource.put(name,
                    new ResourceProperties(properties.allocatable(), properties.available())));
            return new FleetOptions(locationProperty, clusterSetProperty, clusterSetLabel, capacityProperty,
                    managersWithoutJoinedCondition, byResource);
        }
    }

    /**
     * @param allocatable properties holding the allocatable amount, first readable wins
     * @param available   properties holding what is left after the running workloads, read only
     *                    when no allocatable property can be
     */
    public record ResourceCapacityProperties(@DefaultValue List<String> allocatable,
                                             @DefaultValue List<String> available) {
    }

    /**
     * @param defaultUnhealthyToleration how long a selected cluster stays after turning unhealthy
     *                                   when the placement has no Unhealthy toleration; 0 for not at all
     * @param resourceStrategy           Spread (least utilised clusters first) or Pack (fill clusters to
     *                                   keep others free), below the placements' preferences
     */
    public record Scheduling(
            @DefaultValue("0s") Duration defaultUnhealthyToleration,
            @DefaultValue("20000") long localSearchSteps,
            @DefaultValue("2000") long unimprovedSteps,
            @DefaultValue("60s") Duration timeLimit,
            @DefaultValue("Spread") ResourceStrategy resourceStrategy) {

        @ConstructorBinding
        public Scheduling {
            resourceStrategy = resourceStrategy == null ? ResourceStrategy.Spread : resourceStrategy;
        }

        /** With the default resource strategy, Spread. */
        public Scheduling(Duration defaultUnhealthyToleration, long localSearchSteps, long unimprovedSteps,
                          Duration timeLimit) {
            this(defaultUnhealthyToleration, localSearchSteps, unimprovedSteps, timeLimit, ResourceStrategy.Spread);
        }

        public SchedulingOptions options() {
            return new SchedulingOptions(defaultUnhealthyToleration.isZero() ? null : defaultUnhealthyToleration,
                    localSearchSteps, unimprovedSteps, timeLimit, resourceStrategy);
        }
    }

    /**
     * @param leaseNamespace namespace of the Lease; empty for the pod's own namespace, which outside
     *                       a pod stops the start (see {@code LeaderElection})
     * @param identity       this replica's name in the Lease; empty for the host name
     */
    public record LeaderElection(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("meridian-scheduler") String leaseName,
            @DefaultValue("") String leaseNamespace,
            @DefaultValue("") String identity,
            @DefaultValue("15s") Duration leaseDuration,
            @DefaultValue("10s") Duration renewDeadline,
            @DefaultValue("2s") Duration retryPeriod) {
    }

    /**
     * @param mode                 {@code bindings}: a Placement sees only the clusters whose clusterset is
     *                             bound to its namespace by a ClusterSetBinding; {@code open}: every cluster
     * @param ownNamespaceProfiles in bindings mode, the ClusterProfiles in a Placement's own namespace are
     *                             visible to it without a binding
     */
    public record Tenancy(
            @DefaultValue("bindings") TenancyMode mode,
            @DefaultValue("true") boolean ownNamespaceProfiles) {

        public TenancyOptions options() {
            return new TenancyOptions(mode, ownNamespaceProfiles);
        }
    }
}
