package io.meridian.scheduler.solver;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.optaplanner.core.api.score.stream.uni.UniConstraintCollector;

/**
 * Counts one placement's selected clusters per domain of each of its required (or preferred)
 * spread rules, incrementally, and finishes with the clusters beyond the skew summed over the rules.
 */
final class SpreadTally {

    private List<SpreadRule> rules;
    private int[][] counts;

    static UniConstraintCollector<ClusterAssignment, SpreadTally, Long> excess(boolean required) {
        return new UniConstraintCollector<>() {
            @Override
            public Supplier<SpreadTally> supplier() {
                return SpreadTally::new;
            }

            @Override
            public BiFunction<SpreadTally, ClusterAssignment, Runnable> accumulator() {
                return (tally, assignment) -> tally.add(assignment, required);
            }

            @Override
            public Function<SpreadTally, Long> finisher() {
                return SpreadTally::excess;
            }
        };
    }

    private Runnable add(ClusterAssignment assignment, boolean required) {
        if (rules == null) {
            rules = assignment.getPlacement().spreadRules(required);
            counts = new int[rules.size()][];
            for (int r = 0; r < rules.size(); r++) {
                counts[r] = new int[rules.get(r).domains().size()];
            }
        }
        int[] domains = new int[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            domains[r] = rules.get(r).domainOf(assignment.getCluster());
            if (domains[r] != SpreadRule.NO_DOMAIN) {
                counts[r][domains[r]]++;
            }
        }
        return () -> {
            for (int r = 0; r < domains.length; r++) {
                if (domains[r] != SpreadRule.NO_DOMAIN) {
                    counts[r][domains[r]]--;
                }
            }
        };
    }

    private long excess() {
        long excess = 0;
        for (int r = 0; r < counts.length; r++) {
            excess += rules.get(r).excess(counts[r]);
        }
        return excess;
    }
}
