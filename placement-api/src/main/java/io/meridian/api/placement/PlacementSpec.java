package io.meridian.api.placement;

import java.util.List;

/**
 * What a platform team asks for. Enumerated fields stay strings on the wire so that an unknown
 * value reaches the validator and is reported, instead of silently turning into null.
 *
 * @param placementType    {@link PlacementType}: PickAll, PickN or PickFixed
 * @param numberOfClusters how many clusters PickN selects
 * @param clusterNames     the ClusterProfiles PickFixed selects, {@code name} or {@code namespace/name}
 * @param clusterManager   only profiles of this cluster manager are considered
 * @param clusterSets      only clusters of these clustersets are considered
 * @param predicates       requirements every selected cluster must meet
 * @param preferences      how eligible clusters are ranked
 * @param topologySpread   the older form of one {@code DoNotSchedule} spread constraint; not together
 *                         with {@code topologySpreadConstraints}
 * @param tolerations      which unhealthy or not-joined clusters stay selected, and for how long
 * @param topologySpreadConstraints spread the selection over the values of properties or labels
 * @param scoring          the load balance weight and the stability of the placement
 */
public record PlacementSpec(String placementType, Integer numberOfClusters, List<String> clusterNames,
                            String clusterManager, List<String> clusterSets, Predicates predicates,
                            Preferences preferences, TopologySpread topologySpread, List<Toleration> tolerations,
                            List<TopologySpreadConstraint> topologySpreadConstraints, Scoring scoring) {

    /** A spec without spread constraints or scoring settings. */
    public PlacementSpec(String placementType, Integer numberOfClusters, List<String> clusterNames,
                         String clusterManager, List<String> clusterSets, Predicates predicates,
                         Preferences preferences, TopologySpread topologySpread, List<Toleration> tolerations) {
        this(placementType, numberOfClusters, clusterNames, clusterManager, clusterSets, predicates, preferences,
                topologySpread, tolerations, null, null);
    }

    /** The most clusters PickN may ask for; the CRD's maximum of numberOfClusters. */
    public static final int MAX_NUMBER_OF_CLUSTERS = 10_000;
}
