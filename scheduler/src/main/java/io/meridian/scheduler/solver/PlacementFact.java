package io.meridian.scheduler.solver;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PreferenceScores;
import io.meridian.scheduler.placement.PreferenceSorter;
import java.math.BigDecimal;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A problem fact: one PickN placement with what the filter found and what its preferences are
 * worth for each cluster. Preference scores are computed here rather than in the constraints so
 * that the constraints stay one line of arithmetic each.
 */
public final class PlacementFact {

    /** The most a single preference (location, clusterset, one unit of sorter weight) is worth. */
    public static final int PREFERENCE_SCALE = 100;
    public static final String NO_DOMAIN = "<none>";

    private final PlacementRequest request;
    /** Candidates at least, however few slots; a shortlist much larger than the slots keeps load balancing free. */
    static final int MIN_CANDIDATES = 32;
    static final int CANDIDATES_PER_SLOT = 8;

    private final List<Cluster> eligibleClusters;
    private List<Cluster> candidateClusters;
    private final BitSet matching;
    private final BitSet tolerated;
    private final PreferenceScores preferences;
    private final BitSet current = new BitSet();
    private final Map<String, Integer> locationRank = new HashMap<>();
    private final Map<String, Integer> clusterSetRank = new HashMap<>();
    private final double[] sorterMin;
    private final double[] sorterMax;
    private final int allowedPerDomain;

    public PlacementFact(PlacementRequest request, Eligibility eligibility, List<Cluster> eligibleClusters,
                         Set<Integer> currentIndexes) {
        this.request = request;
        this.eligibleClusters = List.copyOf(eligibleClusters);
        this.matching = eligibility.matching();
        this.tolerated = eligibility.tolerated();
        this.preferences = eligibility.preferences();
        currentIndexes.forEach(current::set);
        rank(request.preferredLocations(), locationRank);
        rank(request.preferredClusterSets(), clusterSetRank);
        List<PreferenceSorter> sorters = request.sorters();
        sorterMin = new double[sorters.size()];
        sorterMax = new double[sorters.size()];
        for (int i = 0; i < sorters.size(); i++) {
            sorterMin[i] = Double.POSITIVE_INFINITY;
            sorterMax[i] = Double.NEGATIVE_INFINITY;
            for (Cluster cluster : this.eligibleClusters) {
                Optional<BigDecimal> value = cluster.fact().numericProperty(sorters.get(i).property());
                if (value.isPresent()) {
                    sorterMin[i] = Math.min(sorterMin[i], value.get().doubleValue());
                    sorterMax[i] = Math.max(sorterMax[i], value.get().doubleValue());
                }
            }
        }
        this.allowedPerDomain = allowedPerDomain();
    }

    /**
     * The clusters the solver chooses from: the current ones and the best ranked by preference,
     * ties broken by rendezvous hashing of placement and cluster so that placements with the same
     * preferences spread over the fleet instead of crowding the same first names. For topology
     * spread the best of every domain are included. Everything is eligible when clusters have a
     * capacity, since then the best may be full.
     */
    private List<Cluster> shortlist() {
        int size = Math.max(MIN_CANDIDATES, CANDIDATES_PER_SLOT * slots());
        if (eligibleClusters.size() <= size || eligibleClusters.stream().anyMatch(c -> c.fact().capacity() != null)) {
            return eligibleClusters;
        }
        long seed = request.key().hashCode();
        int count = eligibleClusters.size();
        long[] preference = new long[count];
        long[] tieBreak = new long[count];
        for (int i = 0; i < count; i++) {
            ClusterProfileRef ref = eligibleClusters.get(i).fact().ref();
            preference[i] = preferenceScore(eligibleClusters.get(i));
            tieBreak[i] = mix(seed * 31 + Objects.hash(ref.namespace(), ref.name()));
        }
        // Positions are unique, so the order is total and the same on every run.
        List<Cluster> ranked = java.util.stream.IntStream.range(0, count).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> -preference[i])
                        .thenComparingLong(i -> tieBreak[i])
                        .thenComparingInt(i -> i))
                .map(eligibleClusters::get)
                .toList();
        BitSet chosen = new BitSet();
        eligibleClusters.stream().filter(this::isCurrent).forEach(c -> chosen.set(c.index()));
        ranked.stream().limit(size).forEach(c -> chosen.set(c.index()));
        if (hasTopologySpread()) {
            Map<String, Integer> perDomain = new HashMap<>();
            for (Cluster cluster : ranked) {
                if (perDomain.merge(domainOf(cluster), 1, Integer::sum) <= CANDIDATES_PER_SLOT + slots()) {
                    chosen.set(cluster.index());
                }
            }
        }
        return eligibleClusters.stream().filter(c -> chosen.get(c.index())).toList();
    }

    /** SplitMix64's finalizer: a well-spread, platform-independent hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void rank(List<String> preferred, Map<String, Integer> ranks) {
        for (int i = 0; i < preferred.size(); i++) {
            ranks.put(preferred.get(i), i);
        }
    }

    /** An even split over the domains the eligible clusters span, plus the skew allowed. */
    private int allowedPerDomain() {
        if (request.topologyKey() == null) {
            return Integer.MAX_VALUE;
        }
        Set<String> domains = new HashSet<>();
        eligibleClusters.forEach(cluster -> domains.add(domainOf(cluster)));
        int slots = Math.min(request.numberOfClusters(), eligibleClusters.size());
        int even = domains.isEmpty() ? slots : (slots + domains.size() - 1) / domains.size();
        return even + request.maxSkew() - 1;
    }

    public String key() {
        return request.key();
    }

    public PlacementRequest request() {
        return request;
    }

    public List<Cluster> eligibleClusters() {
        return eligibleClusters;
    }

    /** A settled placement is pinned to its current clusters; no other candidate is needed. */
    void settle() {
        candidateClusters = eligibleClusters.stream().filter(this::isCurrent).toList();
    }

    /** The solver's value range for this placement's slots; see {@link #shortlist()}. */
    public List<Cluster> candidateClusters() {
        if (candidateClusters == null) {
            candidateClusters = shortlist(); // computed once, before solving, on the scheduling thread
        }
        return candidateClusters;
    }

    public int slots() {
        return Math.min(request.numberOfClusters(), eligibleClusters.size());
    }

    /** The cluster meets the manager, clusterset and predicate requirements. */
    public boolean matches(Cluster cluster) {
        return matching.get(cluster.index());
    }

    /** An unhealthy or not-joined cluster that a toleration still admits for this placement. */
    public boolean tolerates(Cluster cluster) {
        return tolerated.get(cluster.index());
    }

    /** The cluster was selected before (stability). */
    public boolean isCurrent(Cluster cluster) {
        return current.get(cluster.index());
    }

    public long locationScore(Cluster cluster) {
        return rankScore(locationRank, cluster.fact().location());
    }

    public long clusterSetScore(Cluster cluster) {
        return rankScore(clusterSetRank, cluster.fact().clusterSet());
    }

    private static long rankScore(Map<String, Integer> ranks, String value) {
        Integer rank = value == null ? null : ranks.get(value);
        return rank == null ? 0 : (long) PREFERENCE_SCALE * (ranks.size() - rank) / ranks.size();
    }

    /** Each sorter scales the cluster's value between the eligible minimum and maximum to 0..100, times its weight. */
    public long sorterScore(Cluster cluster) {
        long score = 0;
        List<PreferenceSorter> sorters = request.sorters();
        for (int i = 0; i < sorters.size(); i++) {
            PreferenceSorter sorter = sorters.get(i);
            Optional<BigDecimal> value = cluster.fact().numericProperty(sorter.property());
            if (value.isEmpty() || sorterMax[i] <= sorterMin[i]) {
                continue;
            }
            double position = (value.get().doubleValue() - sorterMin[i]) / (sorterMax[i] - sorterMin[i]);
            double preference = sorter.descending() ? position : 1 - position;
            score += Math.round(preference * PREFERENCE_SCALE) * sorter.weight();
        }
        return score;
    }

    /** Preferred terms of the spec; negative when negative weights dominate. */
    public long preferredTermScore(Cluster cluster) {
        return preferences.preferredTerms(cluster.fact());
    }

    /** Minus a fixed penalty for an untolerated PreferNoSelect taint, else 0. */
    public long preferNoSelectScore(Cluster cluster) {
        return preferences.preferNoSelect(cluster.fact());
    }

    public long preferenceScore(Cluster cluster) {
        return locationScore(cluster) + clusterSetScore(cluster) + sorterScore(cluster) + preferredTermScore(cluster)
                + preferNoSelectScore(cluster);
    }

    public boolean hasTopologySpread() {
        return request.topologyKey() != null;
    }

    public String domainOf(Cluster cluster) {
        String value = cluster.fact().propertyOrLabel(request.topologyKey());
        return value == null ? NO_DOMAIN : value;
    }

    public int allowedPerDomainCount() {
        return allowedPerDomain;
    }

    @Override
    public String toString() {
        return request.key();
    }
}
