package io.meridian.scheduler.placement;

import io.meridian.api.placement.PlacementSpec;
import io.meridian.api.placement.ClusterSelectorTerm;
import io.meridian.api.placement.Preferences;
import io.meridian.api.placement.PreferredTerm;
import io.meridian.api.placement.PropertySorter;
import io.meridian.api.placement.Scoring;
import io.meridian.api.placement.Toleration;
import io.meridian.api.placement.TopologySpread;
import io.meridian.api.placement.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.List;

/** Builds Placement specs for tests: {@code Specs.pickN(3).preferLocations("eu").spread("location", 1).build()}. */
public final class Specs {

    private final String type;
    private final Integer numberOfClusters;
    private List<String> clusterSets;
    private List<ClusterSelectorTerm> predicates;
    private List<String> locations;
    private List<String> preferredClusterSets;
    private final List<PropertySorter> sorters = new ArrayList<>();
    private final List<PreferredTerm> preferredTerms = new ArrayList<>();
    private TopologySpread topologySpread;
    private final List<TopologySpreadConstraint> spread = new ArrayList<>();
    private Integer balanceWeight;
    private String stability;
    private final List<Toleration> tolerations = new ArrayList<>();
    private io.meridian.api.placement.ResourceRequirements resources;

    private Specs(String type, Integer numberOfClusters) {
        this.type = type;
        this.numberOfClusters = numberOfClusters;
    }

    public static Specs pickN(int n) {
        return new Specs("PickN", n);
    }

    public Specs clusterSets(String... names) {
        this.clusterSets = List.of(names);
        return this;
    }

    public Specs predicates(ClusterSelectorTerm... terms) {
        this.predicates = List.of(terms);
        return this;
    }

    public Specs preferLocations(String... names) {
        this.locations = List.of(names);
        return this;
    }

    public Specs preferClusterSets(String... names) {
        this.preferredClusterSets = List.of(names);
        return this;
    }

    public Specs sorter(String property, String order, int weight) {
        sorters.add(new PropertySorter(property, order, weight));
        return this;
    }

    /** A preferred term: clusters meeting the CEL expression earn the weight. */
    public Specs preferredTerm(int weight, String celExpression) {
        preferredTerms.add(new PreferredTerm(weight, ClusterSelectorTerm.cel(celExpression), null));
        return this;
    }

    /** The older single form. */
    public Specs topologySpread(String key, int maxSkew) {
        this.topologySpread = new TopologySpread(key, maxSkew);
        return this;
    }

    /** A DoNotSchedule constraint. */
    public Specs spread(String key, int maxSkew) {
        return spread(new TopologySpreadConstraint(key, maxSkew, TopologySpreadConstraint.DO_NOT_SCHEDULE, null));
    }

    public Specs spreadAnyway(String key, int maxSkew) {
        return spread(new TopologySpreadConstraint(key, maxSkew, TopologySpreadConstraint.SCHEDULE_ANYWAY, null));
    }

    public Specs spread(TopologySpreadConstraint constraint) {
        spread.add(constraint);
        return this;
    }

    public Specs balanceWeight(int weight) {
        this.balanceWeight = weight;
        return this;
    }

    public Specs stability(String value) {
        this.stability = value;
        return this;
    }

    public Specs tolerate(String condition, Long seconds) {
        tolerations.add(new Toleration(condition, seconds));
        return this;
    }

    /** Requests as resource name, quantity pairs: {@code requests("cpu", "4", "memory", "16Gi")}. */
    public Specs requests(String... nameValuePairs) {
        this.resources = io.meridian.api.placement.ResourceRequirements.of(nameValuePairs);
        return this;
    }

    public PlacementSpec build() {
        Preferences preferences = locations == null && preferredClusterSets == null && sorters.isEmpty()
                && preferredTerms.isEmpty() ? null
                : new Preferences(locations, preferredClusterSets, sorters.isEmpty() ? null : List.copyOf(sorters),
                        preferredTerms.isEmpty() ? null : List.copyOf(preferredTerms));
        Scoring scoring = balanceWeight == null && stability == null ? null : new Scoring(balanceWeight, stability);
        return new PlacementSpec(type, numberOfClusters, null, null, clusterSets, predicates, preferences,
                topologySpread, tolerations.isEmpty() ? null : List.copyOf(tolerations), null, null,
                spread.isEmpty() ? null : List.copyOf(spread), scoring, resources);
    }
}
