package io.meridian.scheduler.solver;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.optaplanner.core.api.score.stream.uni.UniConstraintCollector;

/**
 * Adds up, incrementally, the requests of the PickN slots on one cluster, as
 * {@link ClusterResources} accounts them, and finishes with the overflow penalty or the squared
 * utilisation the resource strategy weighs.
 */
final class ResourceTally {

    private ClusterResources cluster;
    private final Map<String, Long> used = new HashMap<>();
    private final Map<String, Integer> requesting = new HashMap<>();

    static UniConstraintCollector<ClusterAssignment, ResourceTally, Long> overflow() {
        return collector(tally -> tally.cluster.overflowPenalty(tally.used, tally.requesting));
    }

    static UniConstraintCollector<ClusterAssignment, ResourceTally, Long> utilizationSquared() {
        return collector(tally -> tally.cluster.utilizationSquared(tally.used));
    }

    private static UniConstraintCollector<ClusterAssignment, ResourceTally, Long> collector(
            Function<ResourceTally, Long> finish) {
        return new UniConstraintCollector<>() {
            @Override
            public Supplier<ResourceTally> supplier() {
                return ResourceTally::new;
            }

            @Override
            public BiFunction<ResourceTally, ClusterAssignment, Runnable> accumulator() {
                return ResourceTally::add;
            }

            @Override
            public Function<ResourceTally, Long> finisher() {
                return finish;
            }
        };
    }

    private Runnable add(ClusterAssignment assignment) {
        cluster = assignment.getCluster().resources();
        Map<String, Long> usage = assignment.getPlacement().usageOn(assignment.getCluster());
        usage.forEach((resource, units) -> used.merge(resource, units, Long::sum));
        assignment.getPlacement().requests().units().keySet().forEach(r -> requesting.merge(r, 1, Integer::sum));
        return () -> {
            usage.forEach((resource, units) -> used.merge(resource, -units, Long::sum));
            assignment.getPlacement().requests().units().keySet()
                    .forEach(r -> requesting.merge(r, -1, (a, b) -> a + b == 0 ? null : a + b));
        };
    }
}
