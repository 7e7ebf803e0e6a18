package io.meridian.scheduler.solver;

import io.meridian.scheduler.placement.SpreadConstraint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One topology spread constraint of one placement, with the domains of its eligible clusters.
 * Kubernetes semantics: the skew is the count of selected clusters in the fullest domain minus
 * the count in the emptiest, over every domain an eligible cluster is in; with fewer domains than
 * minDomains the emptiest counts as 0. A cluster without the key is in no domain and never counts.
 */
public final class SpreadRule {

    public static final int NO_DOMAIN = -1;

    private final SpreadConstraint constraint;
    private final int[] domainByCluster;
    private final List<String> domains;

    SpreadRule(SpreadConstraint constraint, List<Cluster> eligibleClusters) {
        this.constraint = constraint;
        int size = eligibleClusters.stream().mapToInt(Cluster::index).max().orElse(-1) + 1;
        this.domainByCluster = new int[size];
        Arrays.fill(domainByCluster, NO_DOMAIN);
        Map<String, Integer> indexes = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (Cluster cluster : eligibleClusters) {
            String value = cluster.fact().propertyOrLabel(constraint.topologyKey());
            if (value != null) {
                Integer domain = indexes.get(value);
                if (domain == null) {
                    domain = names.size();
                    indexes.put(value, domain);
                    names.add(value);
                }
                domainByCluster[cluster.index()] = domain;
            }
        }
        this.domains = List.copyOf(names);
    }

    public SpreadConstraint constraint() {
        return constraint;
    }

    public boolean isRequired() {
        return constraint.required();
    }

    /** The domain's position in {@link #domains()}, or {@link #NO_DOMAIN}. */
    public int domainOf(Cluster cluster) {
        int index = cluster.index();
        return index < domainByCluster.length ? domainByCluster[index] : NO_DOMAIN;
    }

    /** The domains of the eligible clusters, in the order first seen. */
    public List<String> domains() {
        return domains;
    }

    /** Counts of selected clusters per domain, for these clusters. */
    public int[] count(Iterable<Cluster> selected) {
        int[] counts = new int[domains.size()];
        for (Cluster cluster : selected) {
            int domain = domainOf(cluster);
            if (domain != NO_DOMAIN) {
                counts[domain]++;
            }
        }
        return counts;
    }

    /** The emptiest domain's count, or 0 with fewer domains than minDomains. */
    long globalMinimum(int[] counts) {
        if (counts.length < constraint.minDomains()) {
            return 0;
        }
        long min = Long.MAX_VALUE;
        for (int count : counts) {
            min = Math.min(min, count);
        }
        return counts.length == 0 ? 0 : min;
    }

    /**
     * How many selected clusters sit beyond the skew allowed: 0 exactly when max - min <= maxSkew.
     * Counting every cluster beyond it, not just the skew, gives the solver a slope to follow.
     */
    public long excess(int[] counts) {
        long limit = globalMinimum(counts) + constraint.maxSkew();
        long excess = 0;
        for (int count : counts) {
            excess += Math.max(0, count - limit);
        }
        return excess;
    }

    @Override
    public String toString() {
        return constraint.describe();
    }
}
