package io.meridian.scheduler.solver;

import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PreferenceScores;
import io.meridian.scheduler.placement.PreferenceSorter;
import io.meridian.scheduler.placement.ResourceRequests;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
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

    private final PlacementRequest request;
    /** Candidates at least, however few slots; a shortlist much larger than the slots keeps load balancing free. */
    static final int MIN_CANDIDATES = 32;
    static final int CANDIDATES_PER_SLOT = 8;
    /** The same where clusters have capacities or the placement requests resources; see {@link #shortlist()}. */
    static final int MIN_LIMITED_CANDIDATES = 32;
    static final int LIMITED_CANDIDATES_PER_SLOT = 8;
    /** Beside those, this many times as many clusters with room, in hash order; see {@link #shortlist()}. */
    static final int ROOM_SAMPLE_FACTOR = 2;

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
    /** Per sorter, each eligible cluster's value by cluster index; NaN where it has none. */
    private final double[][] sorterValues;
    private final List<SpreadRule> requiredSpread;
    private final List<SpreadRule> preferredSpread;

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
        sorterValues = new double[sorters.size()][];
        int indexes = this.eligibleClusters.stream().mapToInt(Cluster::index).max().orElse(-1) + 1;
        for (int i = 0; i < sorters.size(); i++) {
            sorterMin[i] = Double.POSITIVE_INFINITY;
            sorterMax[i] = Double.NEGATIVE_INFINITY;
            sorterValues[i] = new double[indexes];
            Arrays.fill(sorterValues[i], Double.NaN);
            for (Cluster cluster : this.eligibleClusters) {
                Optional<BigDecimal> value = cluster.fact().numericProperty(sorters.get(i).property());
                if (value.isPresent()) {
                    double number = value.get().doubleValue();
                    sorterValues[i][cluster.index()] = number;
                    sorterMin[i] = Math.min(sorterMin[i], number);
                    sorterMax[i] = Math.max(sorterMax[i], number);
                }
            }
        }
        List<SpreadRule> rules = request.scoring().spreadConstraints().stream()
                .map(constraint -> new SpreadRule(constraint, this.eligibleClusters)).toList();
        this.requiredSpread = rules.stream().filter(SpreadRule::isRequired).toList();
        this.preferredSpread = rules.stream().filter(rule -> !rule.isRequired()).toList();
    }

    /**
     * The clusters the solver chooses from: the current ones and the best ranked by preference,
     * ties broken by rendezvous hashing of placement and cluster so that placements with the same
     * preferences spread over the fleet instead of crowding the same first names. For topology
     * spread the best of every domain of every constraint are included. When clusters have a
     * capacity or the placement has resource requests, the best may be full: clusters that still
     * have room for the placement beside what is fixed on them rank before those that have none,
     * and {@link #ROOM_SAMPLE_FACTOR} times as many clusters with room join them in hash order,
     * whatever their preference, since the other placements being solved compete for that room.
     * A placement with too few clusters with room is given the best of those without.
     */
    private List<Cluster> shortlist() {
        boolean limited = hasRequests() || eligibleClusters.stream().anyMatch(c -> c.fact().capacity() != null);
        int size = limited ? Math.max(MIN_LIMITED_CANDIDATES, LIMITED_CANDIDATES_PER_SLOT * slots())
                : Math.max(MIN_CANDIDATES, CANDIDATES_PER_SLOT * slots());
        if (eligibleClusters.size() <= size) {
            return ClusterRange.of(eligibleClusters);
        }
        boolean[] room = new boolean[eligibleClusters.size()];
        for (int i = 0; i < room.length; i++) {
            room[i] = !limited || hasRoom(eligibleClusters.get(i));
        }
        int[] byHash = hashOrder();
        int[] ranked = ranked(room, byHash);
        BitSet chosen = new BitSet();
        eligibleClusters.stream().filter(this::isCurrent).forEach(c -> chosen.set(c.index()));
        for (int i = 0; i < size; i++) {
            chosen.set(eligibleClusters.get(ranked[i]).index());
        }
        if (limited) {
            // More with room, in hash order alone: the placements being solved share the room, and
            // one whose preferred clusters fill up needs others that the rest leave free.
            for (int k = 0, added = 0; k < byHash.length && added < ROOM_SAMPLE_FACTOR * size; k++) {
                if (room[byHash[k]]) {
                    chosen.set(eligibleClusters.get(byHash[k]).index());
                    added++;
                }
            }
        }
        // Spread may need clusters of every domain, so the best of each domain are candidates too.
        for (SpreadRule rule : spreadRules()) {
            int[] perDomain = new int[rule.domains().size()];
            for (int position : ranked) {
                Cluster cluster = eligibleClusters.get(position);
                int domain = rule.domainOf(cluster);
                if (domain != SpreadRule.NO_DOMAIN && ++perDomain[domain] <= CANDIDATES_PER_SLOT + slots()) {
                    chosen.set(cluster.index());
                }
            }
        }
        return ClusterRange.of(eligibleClusters.stream().filter(c -> chosen.get(c.index())).toList());
    }

    /**
     * Positions in the eligible clusters by their tie-break: a rendezvous hash of placement and
     * cluster, equal hashes in the order of their positions.
     */
    private int[] hashOrder() {
        int count = eligibleClusters.size();
        long seed = request.key().hashCode();
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            ClusterProfileRef ref = eligibleClusters.get(i).fact().ref();
            keys[i] = mix(seed * 31 + Objects.hash(ref.namespace(), ref.name()));
        }
        int[] rank = uniqueRanks(keys);
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[rank[i]] = i;
        }
        return order;
    }

    /**
     * Positions in the eligible clusters, best first: with {@code room} before without, then by
     * preference, then in {@code byHash} order. Sorted as packed primitive keys, since boxing
     * every cluster of every placement cost more than the solve of an everyday fleet saved by the
     * shortlist. The order is total and the same on every run.
     */
    private int[] ranked(boolean[] room, int[] byHash) {
        int count = eligibleClusters.size();
        long[] preference = new long[count];
        for (int i = 0; i < count; i++) {
            preference[i] = -preferenceScore(eligibleClusters.get(i));
        }
        int[] preferenceRank = denseRanks(preference);
        long[] keys = new long[count];
        for (int k = 0; k < count; k++) {
            int i = byHash[k];
            long first = room[i] ? preferenceRank[i] : (long) count + preferenceRank[i];
            keys[k] = first << 32 | k;
        }
        Arrays.sort(keys);
        int[] ranked = new int[count];
        for (int k = 0; k < count; k++) {
            ranked[k] = byHash[(int) keys[k]];
        }
        return ranked;
    }

    /** Each value's rank among the distinct values, smallest 0. */
    private static int[] denseRanks(long[] values) {
        long[] distinct = values.clone();
        Arrays.sort(distinct);
        int size = 0;
        for (long value : distinct) {
            if (size == 0 || distinct[size - 1] != value) {
                distinct[size++] = value;
            }
        }
        int[] ranks = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            ranks[i] = Arrays.binarySearch(distinct, 0, size, values[i]);
        }
        return ranks;
    }

    /** Each value's rank, smallest 0, equal values ranked in the order of their positions. */
    private static int[] uniqueRanks(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int[] taken = new int[values.length];
        int[] ranks = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            int first = Arrays.binarySearch(sorted, values[i]);
            while (first > 0 && sorted[first - 1] == values[i]) {
                first--;
            }
            ranks[i] = first + taken[first]++;
        }
        return ranks;
    }

    /**
     * Whether the cluster can still take this placement beside what is fixed on it: a count
     * capacity not used up, and every request within what is left of a capacity it reports.
     */
    private boolean hasRoom(Cluster cluster) {
        if (cluster.remainingCapacity() <= 0) {
            return false;
        }
        ClusterResources resources = cluster.resources();
        for (Map.Entry<String, Long> requested : request.resources().units().entrySet()) {
            String resource = requested.getKey();
            if (!resources.isKnown(resource)
                    || resources.left(resource, resources.counts(resource, isCurrent(cluster)) ? requested.getValue() : 0) < 0) {
                return false;
            }
        }
        return true;
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
    public void settle() {
        candidateClusters = ClusterRange.of(eligibleClusters.stream().filter(this::isCurrent).toList());
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
            double value = sorterValue(i, cluster);
            if (Double.isNaN(value) || sorterMax[i] <= sorterMin[i]) {
                continue;
            }
            double position = (value - sorterMin[i]) / (sorterMax[i] - sorterMin[i]);
            double preference = sorter.descending() ? position : 1 - position;
            score += Math.round(preference * PREFERENCE_SCALE) * sorter.weight();
        }
        return score;
    }

    /** Read once per pass: the constraints and the explanation ask for it many times. */
    private double sorterValue(int sorter, Cluster cluster) {
        double[] values = sorterValues[sorter];
        if (cluster.index() < values.length && !Double.isNaN(values[cluster.index()])) {
            return values[cluster.index()];
        }
        return cluster.fact().numericProperty(request.sorters().get(sorter).property())
                .map(BigDecimal::doubleValue).orElse(Double.NaN);
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

    /** Whether the placement has DoNotSchedule ({@code required}) or ScheduleAnyway spread constraints. */
    public boolean hasSpread(boolean required) {
        return !spreadRules(required).isEmpty();
    }

    public List<SpreadRule> spreadRules(boolean required) {
        return required ? requiredSpread : preferredSpread;
    }

    public List<SpreadRule> spreadRules() {
        List<SpreadRule> all = new ArrayList<>(requiredSpread);
        all.addAll(preferredSpread);
        return all;
    }

    /** Clusters beyond the skew of the DoNotSchedule constraints, were these clusters selected. */
    public long requiredSpreadExcess(List<Cluster> selected) {
        return requiredSpread.stream().mapToLong(rule -> rule.excess(rule.count(selected))).sum();
    }

    /**
     * Stability holds the current clusters: the placement is Steady and was decided for its present
     * spec. Otherwise it is decided afresh, current clusters winning only ties.
     */
    public boolean isSteady() {
        return request.isSteady();
    }

    /** What each selected cluster must have room for. */
    public ResourceRequests requests() {
        return request.resources();
    }

    public boolean hasRequests() {
        return !request.resources().isEmpty();
    }

    /** The requests this placement subtracts from the cluster; see {@link ClusterResources#counts}. */
    public Map<String, Long> usageOn(Cluster cluster) {
        boolean here = isCurrent(cluster);
        Map<String, Long> usage = new HashMap<>();
        request.resources().units().forEach((resource, units) -> {
            if (cluster.resources().counts(resource, here)) {
                usage.put(resource, units);
            }
        });
        return usage;
    }

    public int balanceWeight() {
        return request.scoring().balanceWeight();
    }

    @Override
    public String toString() {
        return request.key();
    }
}
