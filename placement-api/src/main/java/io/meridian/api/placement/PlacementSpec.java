package io.meridian.api.placement;

import java.util.List;

/**
 * What a platform team asks for. Enumerated fields stay strings on the wire so that an unknown
 * value reaches the validator and is reported, instead of silently turning into null.
 *
 * @param placementType             {@link PlacementType}: PickAll, PickN or PickFixed
 * @param numberOfClusters          how many clusters PickN selects
 * @param clusterNames              the ClusterProfiles PickFixed selects, {@code name} or {@code namespace/name}
 * @param clusterManager            only profiles of this cluster manager are considered
 * @param clusterSets               only clusters of these clustersets are considered
 * @param predicates                terms a selected cluster must meet; any one of them (OR)
 * @param preferences               how eligible clusters are ranked
 * @param topologySpread            the older form of one {@code DoNotSchedule} spread constraint; not together
 *                                  with {@code topologySpreadConstraints}
 * @param tolerations               which tainted clusters (unhealthy, not joined, or tainted by an admin) may be selected
 * @param predicatesDuringExecution {@link #REQUIRED} (the default) or {@link #IGNORED}: whether a
 *                                  PickAll placement drops a selected cluster that stops meeting the predicates
 * @param decisionStrategy          how the selected clusters are divided into decision groups
 * @param topologySpreadConstraints spread the selection over the values of properties or labels
 * @param scoring                   the load balance weight and the stability of the placement
 * @param resources                 what each selected cluster must have room for ({@code requests})
 */
public record PlacementSpec(String placementType, Integer numberOfClusters, List<String> clusterNames,
                            String clusterManager, List<String> clusterSets, List<ClusterSelectorTerm> predicates,
                            Preferences preferences, TopologySpread topologySpread, List<Toleration> tolerations,
                            String predicatesDuringExecution, DecisionStrategy decisionStrategy,
                            List<TopologySpreadConstraint> topologySpreadConstraints, Scoring scoring,
                            ResourceRequirements resources) {

    /** The most clusters PickN may ask for; the CRD's maximum of numberOfClusters. */
    public static final int MAX_NUMBER_OF_CLUSTERS = 10_000;
    /** Selected clusters that stop meeting the predicates are dropped. */
    public static final String REQUIRED = "Required";
    /** PickAll keeps the clusters it selected while its spec is unchanged, like KubeFleet's IgnoredDuringExecution. */
    public static final String IGNORED = "Ignored";

    /** A spec without resource requests. */
    public PlacementSpec(String placementType, Integer numberOfClusters, List<String> clusterNames,
                         String clusterManager, List<String> clusterSets, List<ClusterSelectorTerm> predicates,
                         Preferences preferences, TopologySpread topologySpread, List<Toleration> tolerations,
                         String predicatesDuringExecution, DecisionStrategy decisionStrategy,
                         List<TopologySpreadConstraint> topologySpreadConstraints, Scoring scoring) {
        this(placementType, numberOfClusters, clusterNames, clusterManager, clusterSets, predicates, preferences,
                topologySpread, tolerations, predicatesDuringExecution, decisionStrategy, topologySpreadConstraints,
                scoring, null);
    }

    /**
     * A spec without the options added later: predicates are required, one decision group, no spread
     * constraints, default scoring.
     */
    public PlacementSpec(String placementType, Integer numberOfClusters, List<String> clusterNames,
                         String clusterManager, List<String> clusterSets, List<ClusterSelectorTerm> predicates,
                         Preferences preferences, TopologySpread topologySpread, List<Toleration> tolerations) {
        this(placementType, numberOfClusters, clusterNames, clusterManager, clusterSets, predicates, preferences,
                topologySpread, tolerations, null, null, null, null, null);
    }

    public static Builder builder(String placementType) {
        return new Builder(placementType);
    }

    /** Builds a spec field by field; fields not set stay absent, as in a manifest that omits them. */
    public static final class Builder {
        private final String placementType;
        private Integer numberOfClusters;
        private List<String> clusterNames;
        private String clusterManager;
        private List<String> clusterSets;
        private List<ClusterSelectorTerm> predicates;
        private Preferences preferences;
        private TopologySpread topologySpread;
        private List<Toleration> tolerations;
        private String predicatesDuringExecution;
        private DecisionStrategy decisionStrategy;
        private List<TopologySpreadConstraint> topologySpreadConstraints;
        private Scoring scoring;
        private ResourceRequirements resources;

        private Builder(String placementType) {
            this.placementType = placementType;
        }

        public Builder numberOfClusters(Integer value) {
            this.numberOfClusters = value;
            return this;
        }

        public Builder clusterNames(String... values) {
            this.clusterNames = List.of(values);
            return this;
        }

        public Builder clusterManager(String value) {
            this.clusterManager = value;
            return this;
        }

        public Builder clusterSets(String... values) {
            this.clusterSets = List.of(values);
            return this;
        }

        public Builder predicates(ClusterSelectorTerm... terms) {
            this.predicates = List.of(terms);
            return this;
        }

        public Builder preferences(Preferences value) {
            this.preferences = value;
            return this;
        }

        public Builder topologySpread(TopologySpread value) {
            this.topologySpread = value;
            return this;
        }

        public Builder tolerations(Toleration... values) {
            this.tolerations = List.of(values);
            return this;
        }

        public Builder predicatesDuringExecution(String value) {
            this.predicatesDuringExecution = value;
            return this;
        }

        public Builder decisionStrategy(DecisionStrategy value) {
            this.decisionStrategy = value;
            return this;
        }

        public Builder topologySpreadConstraints(TopologySpreadConstraint... values) {
            this.topologySpreadConstraints = List.of(values);
            return this;
        }

        public Builder scoring(Scoring value) {
            this.scoring = value;
            return this;
        }

        public Builder resources(ResourceRequirements value) {
            this.resources = value;
            return this;
        }

        public PlacementSpec build() {
            return new PlacementSpec(placementType, numberOfClusters, clusterNames, clusterManager, clusterSets,
                    predicates, preferences, topologySpread, tolerations, predicatesDuringExecution, decisionStrategy,
                    topologySpreadConstraints, scoring, resources);
        }
    }
}
