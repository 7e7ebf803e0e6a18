package io.meridian.scheduler.scheduling;

import io.meridian.scheduler.solver.Cluster;
import io.meridian.scheduler.solver.ClusterResources;
import io.meridian.scheduler.solver.ClusterAssignment;
import io.meridian.scheduler.solver.FleetConstraintProvider;
import io.meridian.scheduler.solver.FleetSchedule;
import io.meridian.scheduler.solver.LoadShare;
import io.meridian.scheduler.solver.PlacementFact;
import io.meridian.scheduler.solver.ScoreLevel;
import io.meridian.scheduler.solver.SpreadRule;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.scheduler.fleet.ResourceQuantities;
import io.meridian.scheduler.placement.Wording;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.optaplanner.core.api.score.ScoreExplanation;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.score.constraint.ConstraintMatch;
import org.optaplanner.core.api.score.constraint.Indictment;

/**
 * Says which rule decided each cluster of a PickN placement. The decision is compared with every
 * single change to it: an unselected eligible cluster in place of a selected one, one more cluster
 * in an open slot, or one cluster fewer. The score level on which the best change loses is the rule
 * that decided, and the constraints that make it lose there are named, with the ranking scores
 * compared. A selected cluster's numbers come from the score explanation (its constraint matches
 * and the load shares); a cluster that was not selected is scored by the functions the constraints
 * use.
 *
 * <p>Stability is named only where it overrides the ranking, and keeping current clusters on a tie
 * never: a decision a fresh schedule would also make reads the same whether it was just made or
 * kept, so the status does not change on the pass after a decision.
 */
final class DecisionExplainer {

    /** The levels a change is judged on; stability and the tie-break are looked at separately. */
    private static final ScoreLevel[] MERIT = {
            ScoreLevel.RULES, ScoreLevel.REQUIRED_SPREAD, ScoreLevel.FILL, ScoreLevel.RANKING, ScoreLevel.UTILIZATION};

    private final Map<Object, Indictment<BendableLongScore>> indictments;
    /** By cluster index; null where no PickN slot is. */
    private final LoadShare[] loads;
    /** By cluster index, what the PickN slots take of each resource, as {@link ClusterResources} accounts it. */
    private final Map<Integer, Map<String, Long>> resourceUse = new HashMap<>();
    /** By cluster index, the PickN placements with requests on it. */
    private final Map<Integer, Integer> requestingPlacements = new HashMap<>();

    DecisionExplainer(ScoreExplanation<FleetSchedule, BendableLongScore> explanation) {
        this.indictments = explanation.getIndictmentMap();
        List<LoadShare> shares = explanation.getJustificationList(LoadShare.class);
        this.loads = new LoadShare[explanation.getSolution().getClusters().stream().mapToInt(Cluster::index).max()
                .orElse(-1) + 1];
        shares.forEach(share -> loads[share.cluster().index()] = share);
        for (ClusterAssignment assignment : explanation.getSolution().getAssignments()) {
            if (assignment.getCluster() != null && assignment.getPlacement().hasRequests()) {
                int index = assignment.getCluster().index();
                requestingPlacements.merge(index, 1, Integer::sum);
                assignment.getPlacement().usageOn(assignment.getCluster()).forEach((resource, units) ->
                        resourceUse.computeIfAbsent(index, i -> new HashMap<>()).merge(resource, units, Long::sum));
            }
        }
    }

    private Map<String, Long> resourceUse(Cluster cluster) {
        return resourceUse.getOrDefault(cluster.index(), Map.of());
    }

    /** The first requested resource the cluster has no room for were the placement added, or null. */
    private static String lacking(PlacementFact fact, Cluster cluster, Map<String, Long> used) {
        Map<String, Long> usage = fact.usageOn(cluster);
        for (String resource : fact.requests().units().keySet()) {
            if (!cluster.resources().isKnown(resource)
                    || cluster.resources().left(resource, used.getOrDefault(resource, 0L)) < usage.getOrDefault(resource, 0L)) {
                return resource;
            }
        }
        return null;
    }

    /** The first requested resource the cluster overflows now, the placement's own use included, or null. */
    private static String overflowing(PlacementFact fact, Cluster cluster, Map<String, Long> used) {
        for (String resource : fact.requests().units().keySet()) {
            if (!cluster.resources().isKnown(resource) || cluster.resources().left(resource, used.getOrDefault(resource, 0L)) < 0) {
                return resource;
            }
        }
        return null;
    }

    /** What the resource strategy scores on the cluster were {@code delta} times the placement's usage added. */
    private long strategyChange(PlacementFact fact, Cluster cluster, int delta) {
        if (!fact.hasRequests()) {
            return 0;
        }
        Map<String, Long> used = resourceUse(cluster);
        Map<String, Long> after = new HashMap<>(used);
        fact.usageOn(cluster).forEach((resource, units) -> after.merge(resource, delta * units, Long::sum));
        return cluster.resources().strategyScore(after) - cluster.resources().strategyScore(used);
    }

    /** The clusters selected for a placement: filled slots that break no hard rule, in namespace/name order. */
    List<Cluster> selectedOf(List<ClusterAssignment> assignments) {
        Map<ClusterProfileRef, Cluster> selected = new TreeMap<>();
        for (ClusterAssignment assignment : assignments) {
            Indictment<BendableLongScore> indictment = indictments.get(assignment);
            if (assignment.getCluster() != null
                    && (indictment == null || ScoreLevel.RULES.of(indictment.getScore()) >= 0)) {
                selected.putIfAbsent(assignment.getCluster().fact().ref(), assignment.getCluster());
            }
        }
        return List.copyOf(selected.values());
    }

    PlacementExplanation explain(PlacementFact fact, List<ClusterAssignment> assignments) {
        return new PlacementExplanation(fact, assignments);
    }

    private LoadShare load(Cluster cluster) {
        LoadShare share = cluster.index() < loads.length ? loads[cluster.index()] : null;
        return share != null ? share : LoadShare.empty(cluster);
    }

    /** Solver slots on the cluster. */
    private int assigned(Cluster cluster) {
        LoadShare share = cluster.index() < loads.length ? loads[cluster.index()] : null;
        return share == null ? 0 : share.assigned();
    }

    /** One constraint's points in a cluster's ranking score. */
    private record Part(String constraint, long points) {
    }

    /** A single change to a decision and what it does on each merit level. */
    private record Change(Cluster out, Cluster in, long[] merit, long preferredSpread) {

        int compareTo(Change other) {
            for (int i = 0; i < merit.length; i++) {
                int c = Long.compare(merit[i], other.merit[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        /** The first level on which the change is worse, or null when it is not worse on any. */
        ScoreLevel losesOn() {
            for (int i = 0; i < merit.length; i++) {
                if (merit[i] != 0) {
                    return merit[i] < 0 ? MERIT[i] : null;
                }
            }
            return null;
        }

        boolean isBetter() {
            for (long value : merit) {
                if (value != 0) {
                    return value > 0;
                }
            }
            return false;
        }
    }

    /** The explanation of one placement's decision. */
    final class PlacementExplanation {

        private final PlacementFact fact;
        private final List<Cluster> selected;
        private final BitSet selectedIndexes = new BitSet();
        private final Map<Cluster, List<Part>> selectedParts = new HashMap<>();
        private final Map<Cluster, Long> selectedScores = new HashMap<>();
        private final int[][] requiredCounts;
        private final int[][] preferredCounts;
        private final long requiredExcess;
        private final long preferredExcess;

        private PlacementExplanation(PlacementFact fact, List<ClusterAssignment> assignments) {
            this.fact = fact;
            this.selected = selectedOf(assignments);
            selected.forEach(cluster -> selectedIndexes.set(cluster.index()));
            for (ClusterAssignment assignment : assignments) {
                Cluster cluster = assignment.getCluster();
                if (cluster != null && selectedIndexes.get(cluster.index()) && !selectedParts.containsKey(cluster)) {
                    List<Part> parts = partsFromExplanation(assignment);
                    selectedParts.put(cluster, parts);
                    selectedScores.put(cluster, parts.stream().mapToLong(Part::points).sum());
                }
            }
            this.requiredCounts = counts(fact.spreadRules(true));
            this.preferredCounts = counts(fact.spreadRules(false));
            this.requiredExcess = excess(fact.spreadRules(true), requiredCounts);
            this.preferredExcess = excess(fact.spreadRules(false), preferredCounts);
        }

        List<Cluster> selected() {
            return selected;
        }

        /** The ranking parts of a selected cluster: its constraint matches on the ranking level and its load. */
        private List<Part> partsFromExplanation(ClusterAssignment assignment) {
            List<Part> parts = new ArrayList<>();
            Indictment<BendableLongScore> indictment = indictments.get(assignment);
            if (indictment != null) {
                for (ConstraintMatch<BendableLongScore> match : indictment.getConstraintMatchSet()) {
                    long points = ScoreLevel.RANKING.of(match.getScore());
                    if (points != 0) {
                        parts.add(new Part(match.getConstraintName(), points));
                    }
                }
            }
            long saving = load(assignment.getCluster()).savingToRemove(fact.balanceWeight());
            if (saving != 0) {
                parts.add(new Part(FleetConstraintProvider.LOAD_BALANCE, -saving));
            }
            return sorted(parts);
        }

        /** The ranking parts a cluster not selected would bring, from the functions the constraints use. */
        private List<Part> partsIfAdded(Cluster cluster) {
            List<Part> parts = new ArrayList<>(6);
            addPart(parts, FleetConstraintProvider.LOCATION_PREFERENCE, fact.locationScore(cluster));
            addPart(parts, FleetConstraintProvider.CLUSTERSET_PREFERENCE, fact.clusterSetScore(cluster));
            addPart(parts, FleetConstraintProvider.PROPERTY_SORTER, fact.sorterScore(cluster));
            long terms = fact.preferredTermScore(cluster);
            addPart(parts, terms > 0 ? FleetConstraintProvider.PREFERRED_TERMS
                    : FleetConstraintProvider.NEGATIVE_PREFERRED_TERMS, terms);
            addPart(parts, FleetConstraintProvider.PREFER_NO_SELECT_TAINT, fact.preferNoSelectScore(cluster));
            addPart(parts, FleetConstraintProvider.LOAD_BALANCE, -load(cluster).costToAdd(fact.balanceWeight()));
            return sorted(parts);
        }

        private List<Part> parts(Cluster cluster) {
            return isSelected(cluster) ? selectedParts.get(cluster) : partsIfAdded(cluster);
        }

        boolean isSelected(Cluster cluster) {
            return selectedIndexes.get(cluster.index());
        }

        /** The cluster's ranking score: what it brings to this placement's ranking level. */
        long score(Cluster cluster) {
            if (isSelected(cluster)) {
                return selectedScores.get(cluster);
            }
            // The sum of partsIfAdded, without building them: this runs for every eligible cluster.
            LoadShare share = cluster.index() < loads.length ? loads[cluster.index()] : null;
            long cost = share != null ? share.costToAdd(fact.balanceWeight())
                    : LoadShare.penalty(cluster, 1, fact.balanceWeight());
            return fact.preferenceScore(cluster) - cost;
        }

        /** No room for one more placement, by count or by the placement's requests. */
        private boolean isFull(Cluster cluster) {
            return assigned(cluster) >= cluster.remainingCapacity()
                    || fact.hasRequests() && lacking(fact, cluster, resourceUse(cluster)) != null;
        }

        private boolean isOverCapacity(Cluster cluster) {
            return assigned(cluster) > cluster.remainingCapacity()
                    || fact.hasRequests() && overflowing(fact, cluster, resourceUse(cluster)) != null;
        }

        private int[][] counts(List<SpreadRule> rules) {
            int[][] counts = new int[rules.size()][];
            for (int r = 0; r < rules.size(); r++) {
                counts[r] = rules.get(r).count(selected);
            }
            return counts;
        }

        private long excess(List<SpreadRule> rules, int[][] counts) {
            long excess = 0;
            for (int r = 0; r < rules.size(); r++) {
                excess += rules.get(r).excess(counts[r]);
            }
            return excess;
        }

        /** The spread excess were {@code out} dropped and {@code in} added (either may be null). */
        private long excessAfter(List<SpreadRule> rules, int[][] counts, Cluster out, Cluster in) {
            long excess = 0;
            for (int r = 0; r < rules.size(); r++) {
                int[] after = moved(rules.get(r), counts[r], out, in);
                excess += rules.get(r).excess(after);
            }
            return excess;
        }

        private int[] moved(SpreadRule rule, int[] counts, Cluster out, Cluster in) {
            int[] after = counts.clone();
            int from = out == null ? SpreadRule.NO_DOMAIN : rule.domainOf(out);
            int to = in == null ? SpreadRule.NO_DOMAIN : rule.domainOf(in);
            if (from != SpreadRule.NO_DOMAIN) {
                after[from]--;
            }
            if (to != SpreadRule.NO_DOMAIN) {
                after[to]++;
            }
            return after;
        }

        /** What dropping {@code out} and adding {@code in} does on the merit levels; for tests. */
        long[] merit(Cluster out, Cluster in) {
            return change(out, in, in == null ? 0 : score(in)).merit().clone();
        }

        private Change change(Cluster out, Cluster in, long inScore) {
            long rules = (in != null && isFull(in) ? -1 : 0) + (out != null && isOverCapacity(out) ? 1 : 0);
            long spread = requiredExcess - excessAfter(fact.spreadRules(true), requiredCounts, out, in);
            long fill = (out == null ? 1 : 0) - (in == null ? 1 : 0);
            long preferred = FleetConstraintProvider.PREFERRED_SPREAD_PENALTY
                    * (preferredExcess - excessAfter(fact.spreadRules(false), preferredCounts, out, in));
            long ranking = (in == null ? 0 : inScore) - (out == null ? 0 : score(out)) + preferred;
            long utilization = (in == null ? 0 : strategyChange(fact, in, 1)) + (out == null ? 0 : strategyChange(fact, out, -1));
            return new Change(out, in, new long[] {rules, spread, fill, ranking, utilization}, preferred);
        }

        /** Why a selected cluster is selected, with its ranking score. */
        String selectedReason(Cluster cluster) {
            Change best = null;
            for (Cluster in : bestUnselectedPerDomains()) {
                Change candidate = change(cluster, in, score(in));
                if (best == null || candidate.compareTo(best) > 0) {
                    best = candidate;
                }
            }
            return decidedFor(cluster, best) + "; score " + score(cluster) + describe(parts(cluster));
        }

        /** The rule that keeps {@code cluster} selected, by the best cluster that could take its place. */
        private String decidedFor(Cluster cluster, Change best) {
            if (best == null) {
                return "every eligible cluster is needed for the requested count";
            }
            ScoreLevel losesOn = best.losesOn();
            if (losesOn == ScoreLevel.RULES) {
                return fact.hasRequests() ? "needed: no other eligible cluster has room for it"
                        : "needed: every other eligible cluster is at capacity";
            }
            if (losesOn == ScoreLevel.UTILIZATION) {
                return "ranked equal to " + best.in().fact().ref() + " and preferred by the resource strategy "
                        + cluster.resources().strategy();
            }
            if (losesOn == ScoreLevel.REQUIRED_SPREAD) {
                return "needed by " + brokenRule(fact.spreadRules(true), requiredCounts, best).constraint().describe()
                        + ": no other eligible cluster can take its place without breaking it";
            }
            if (losesOn == ScoreLevel.RANKING) {
                return "ranked higher on " + decisive(cluster, best.in(), best.preferredSpread());
            }
            if (!best.isBetter()) {
                return "ranked equal to " + best.in().fact().ref();
            }
            if (fact.isSteady() && fact.isCurrent(cluster)) {
                return "kept by " + FleetConstraintProvider.STABILITY + ": selected before and the spec is unchanged,"
                        + " though " + best.in().fact().ref() + " would rank higher (score " + score(best.in()) + ")";
            }
            return "selected, though " + best.in().fact().ref() + " would rank higher (score " + score(best.in())
                    + "); the search stopped before trying it";
        }

        private List<Cluster> alternatives;

        /** An unselected cluster with what ranks it against others of its domains. */
        private record Alternative(Cluster cluster, boolean full, long score) {

            boolean beats(Alternative other) {
                return full != other.full ? !full : score > other.score;
            }
        }

        /**
         * For each combination of spread domains, the unselected cluster best on the levels that do
         * not depend on which cluster it replaces: not full, then the highest ranking score. Every
         * other cluster of that combination loses to it against any selected cluster.
         */
        private List<Cluster> bestUnselectedPerDomains() {
            if (alternatives != null) {
                return alternatives;
            }
            List<SpreadRule> rules = fact.spreadRules();
            Map<List<Integer>, Alternative> best = new LinkedHashMap<>();
            Alternative single = null;
            for (Cluster cluster : fact.eligibleClusters()) {
                if (isSelected(cluster)) {
                    continue;
                }
                boolean full = isFull(cluster);
                if (rules.isEmpty()) {
                    if (single == null || (full != single.full() ? !full : score(cluster) > single.score())) {
                        single = new Alternative(cluster, full, score(cluster));
                    }
                    continue;
                }
                Alternative candidate = new Alternative(cluster, full, score(cluster));
                List<Integer> domains = new ArrayList<>(rules.size());
                rules.forEach(rule -> domains.add(rule.domainOf(cluster)));
                best.merge(domains, candidate, (current, next) -> next.beats(current) ? next : current);
            }
            alternatives = single != null ? List.of(single.cluster())
                    : best.values().stream().map(Alternative::cluster).toList();
            return alternatives;
        }

        /**
         * Why an eligible cluster was not selected. With slots left open, what keeps it out of them;
         * otherwise, against the selected cluster it could best replace.
         */
        String unselectedReason(Cluster cluster) {
            long score = score(cluster);
            if (selected.size() < fact.slots()) {
                Change add = change(null, cluster, score);
                String blocked = blocked(cluster, add);
                if (blocked != null) {
                    return blocked;
                }
            }
            Change best = null;
            for (Cluster out : selected) {
                Change candidate = change(out, cluster, score);
                if (best == null || candidate.compareTo(best) > 0) {
                    best = candidate;
                }
            }
            if (best == null) {
                return "eligible, but not selected";
            }
            String blocked = blocked(cluster, best);
            if (blocked != null) {
                return blocked;
            }
            ScoreLevel losesOn = best.losesOn();
            String scored = "score " + score + describe(parts(cluster));
            String against = " against " + score(best.out()) + " for " + best.out().fact().ref();
            if (losesOn == ScoreLevel.RANKING) {
                return "eligible, but ranked lower on " + decisive(best.out(), cluster, best.preferredSpread())
                        + ": " + scored + against;
            }
            if (losesOn == ScoreLevel.UTILIZATION) {
                return "eligible, but ranked equal to the selected " + best.out().fact().ref() + ", which the resource"
                        + " strategy " + cluster.resources().strategy() + " prefers: " + scored;
            }
            if (!best.isBetter()) {
                return "eligible, but ranked equal to the selected " + best.out().fact().ref() + ": " + scored;
            }
            if (fact.isSteady() && fact.isCurrent(best.out())) {
                return "eligible and ranked higher, but " + FleetConstraintProvider.STABILITY + " keeps the current"
                        + " clusters while the spec is unchanged: " + scored + against;
            }
            return "eligible and ranked higher, but the search stopped before trying it: " + scored + against;
        }

        /** Why a change that brings in {@code cluster} breaks a requirement, or null when it does not. */
        private String blocked(Cluster cluster, Change change) {
            if (change.losesOn() == ScoreLevel.RULES) {
                String resource = fact.hasRequests() ? lacking(fact, cluster, resourceUse(cluster)) : null;
                if (resource != null && assigned(cluster) < cluster.remainingCapacity()) {
                    return "eligible, but " + noRoom(cluster, resource);
                }
                return "eligible, but at its capacity of " + cluster.fact().capacity() + " placements";
            }
            if (change.losesOn() == ScoreLevel.REQUIRED_SPREAD) {
                List<SpreadRule> rules = fact.spreadRules(true);
                SpreadRule rule = brokenRule(rules, requiredCounts, change);
                return "eligible, but selecting it " + (change.out() == null ? "" : "in place of " + change.out().fact().ref() + " ")
                        + "would break " + rule.constraint().describe() + ": "
                        + skew(rule, moved(rule, requiredCounts[rules.indexOf(rule)], change.out(), cluster));
            }
            return null;
        }

        /** {@code needs 4 cpu; 2.5 of 8 allocatable left after 3 other placements}, or why there is no capacity. */
        private String noRoom(Cluster cluster, String resource) {
            ClusterResources resources = cluster.resources();
            if (!resources.isKnown(resource)) {
                return resources.capacity(resource).problem();
            }
            long left = Math.max(0, resources.left(resource, resourceUse(cluster).getOrDefault(resource, 0L)));
            int others = resources.fixedPlacements() + requestingPlacements.getOrDefault(cluster.index(), 0);
            return "needs " + ResourceQuantities.format(resource, fact.requests().units().get(resource)) + " " + resource
                    + "; " + ResourceQuantities.format(resource, left) + " of "
                    + ResourceQuantities.format(resource, resources.capacityUnits(resource)) + " "
                    + resources.capacity(resource).basis().name().toLowerCase(java.util.Locale.ROOT) + " left after "
                    + others + " other placement" + (others == 1 ? "" : "s");
        }

        /**
         * The ranking constraints on which {@code winner} beats {@code loser} (either may be null
         * for an empty slot), and preferred spread when the change would cost it.
         */
        private String decisive(Cluster winner, Cluster loser, long preferredSpreadOfChange) {
            Map<String, Long> difference = new TreeMap<>();
            if (winner != null) {
                parts(winner).forEach(part -> difference.merge(part.constraint(), part.points(), Long::sum));
            }
            if (loser != null) {
                parts(loser).forEach(part -> difference.merge(part.constraint(), -part.points(), Long::sum));
            }
            List<String> names = difference.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(ArrayList::new));
            if (preferredSpreadOfChange < 0) {
                names.add(FleetConstraintProvider.PREFERRED_SPREAD);
            }
            return names.isEmpty() ? "its ranking score" : String.join(", ", names);
        }

        /** The first rule whose excess the change raises. */
        private SpreadRule brokenRule(List<SpreadRule> rules, int[][] counts, Change change) {
            for (int r = 0; r < rules.size(); r++) {
                int[] after = moved(rules.get(r), counts[r], change.out(), change.in());
                if (rules.get(r).excess(after) > rules.get(r).excess(counts[r])) {
                    return rules.get(r);
                }
            }
            return rules.get(0);
        }
    }

    /** {@code eu would hold 3 against 1 in ap}, or against 0 with fewer domains than minDomains. */
    private static String skew(SpreadRule rule, int[] counts) {
        int fullest = 0;
        int emptiest = 0;
        for (int d = 1; d < counts.length; d++) {
            fullest = counts[d] > counts[fullest] ? d : fullest;
            emptiest = counts[d] < counts[emptiest] ? d : emptiest;
        }
        String full = Wording.value(rule.domains().get(fullest)) + " would hold " + counts[fullest];
        if (counts.length < rule.constraint().minDomains()) {
            return full + " with only " + counts.length + " of " + rule.constraint().minDomains()
                    + " domains eligible, counting the emptiest as 0";
        }
        return full + " against " + counts[emptiest] + " in " + Wording.value(rule.domains().get(emptiest));
    }

    private static void addPart(List<Part> parts, String constraint, long points) {
        if (points != 0) {
            parts.add(new Part(constraint, points));
        }
    }

    private static List<Part> sorted(List<Part> parts) {
        parts.sort(Comparator.comparingLong((Part p) -> -p.points()).thenComparing(Part::constraint));
        return parts;
    }

    /** {@code  (Location preference +100, Load balance -3)}, or nothing without parts. */
    private static String describe(List<Part> parts) {
        if (parts.isEmpty()) {
            return "";
        }
        return parts.stream().map(p -> p.constraint() + " " + (p.points() > 0 ? "+" : "") + p.points())
                .collect(Collectors.joining(", ", " (", ")"));
    }
}
