package io.meridian.scheduler.scheduling;

import io.meridian.scheduler.solver.Cluster;
import io.meridian.scheduler.solver.ClusterAssignment;
import io.meridian.scheduler.solver.FleetSchedule;
import io.meridian.scheduler.solver.PlacementFact;
import io.meridian.scheduler.solver.SchedulingOptions;
import io.meridian.scheduler.solver.ScoreLevel;
import io.meridian.scheduler.solver.SolverConfigs;
import static io.meridian.scheduler.fleet.Profiles.profile;
import static io.meridian.scheduler.placement.Placements.placement;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.api.placement.Placement;
import io.meridian.api.placement.TopologySpreadConstraint;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.fleet.Profiles;
import io.meridian.scheduler.placement.ClusterFilter;
import io.meridian.scheduler.placement.Eligibility;
import io.meridian.scheduler.placement.PlacementRequest;
import io.meridian.scheduler.placement.PlacementValidator;
import io.meridian.scheduler.placement.Placements;
import io.meridian.scheduler.placement.Specs;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.solver.SolutionManager;

/**
 * The explainer judges each change to a decision with its own arithmetic; here every such change
 * is made for real on random schedules and scored by OptaPlanner, and both must agree on every
 * level a reason is drawn from.
 */
class DecisionExplainerTest {

    private static final ScoreLevel[] MERIT = {
            ScoreLevel.RULES, ScoreLevel.REQUIRED_SPREAD, ScoreLevel.FILL, ScoreLevel.RANKING, ScoreLevel.UTILIZATION};

    private final SolutionManager<FleetSchedule, BendableLongScore> manager =
            SolutionManager.create(SolverConfigs.factory(SchedulingOptions.defaults()));

    @Test
    void everyChangeIsJudgedAsTheScoreJudgesIt() {
        int checked = 0;
        for (long seed = 0; seed < 12; seed++) {
            checked += checkRandomSchedule(new Random(seed));
        }
        assertThat(checked).isGreaterThan(500);
    }

    private int checkRandomSchedule(Random random) {
        List<String> locations = List.of("eu", "us", "ap");
        List<Profiles> profiles = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Profiles profile = profile("c" + i).clusterSet(random.nextBoolean() ? "prod" : "dev")
                    .property("cpu", Integer.toString(8 * (1 + random.nextInt(8))));
            if (random.nextInt(8) > 0) {
                profile.location(locations.get(random.nextInt(locations.size())));
            }
            if (random.nextInt(5) == 0) {
                profile.taints("[{\"key\": \"example.com/spot\", \"effect\": \"PreferNoSelect\"}]");
            }
            if (random.nextInt(4) == 0) {
                profile.property(FleetOptions.DEFAULT_CAPACITY_PROPERTY, Integer.toString(1 + random.nextInt(3)));
            }
            profiles.add(profile);
        }
        Fleet fleet = Profiles.fleet(profiles.toArray(Profiles[]::new));
        List<Cluster> clusters = fleet.clusters().stream().map(c -> new Cluster(c, random.nextInt(3))).toList();

        List<PlacementFact> facts = new ArrayList<>();
        List<ClusterAssignment> assignments = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            Specs spec = Specs.pickN(1 + random.nextInt(4)).balanceWeight(random.nextInt(4))
                    .preferLocations(locations.get(random.nextInt(3))).preferClusterSets("prod");
            if (random.nextBoolean()) {
                spec.sorter("cpu", random.nextBoolean() ? "Ascending" : "Descending", 1 + random.nextInt(10));
            }
            if (random.nextBoolean()) {
                spec.spread(new TopologySpreadConstraint("location", 1 + random.nextInt(2),
                        TopologySpreadConstraint.DO_NOT_SCHEDULE, random.nextBoolean() ? null : 4));
            }
            if (random.nextBoolean()) {
                spec.spreadAnyway("clusterset.k8s.io", 1);
            }
            if (random.nextBoolean()) {
                spec.preferredTerm(random.nextBoolean() ? 40 : -60, "location == 'eu'");
            }
            List<Cluster> shuffled = new ArrayList<>(clusters);
            Collections.shuffle(shuffled, random);
            String[] current = shuffled.stream().limit(random.nextInt(3)).map(c -> c.fact().ref().name())
                    .toArray(String[]::new);
            Placement placement = Placements.withDecisions(placement("p" + p, spec.build()), current);
            placement.metadata().generation(1L + random.nextInt(2));
            PlacementFact fact = fact(placement, fleet, clusters);
            facts.add(fact);
            Collections.shuffle(shuffled, random);
            for (int slot = 0; slot < fact.slots(); slot++) {
                Cluster cluster = random.nextInt(5) == 0 ? null : shuffled.get(slot);
                assignments.add(new ClusterAssignment(fact, slot, cluster));
            }
        }
        FleetSchedule schedule = new FleetSchedule(clusters, facts, assignments);
        BendableLongScore base = manager.update(schedule);
        DecisionExplainer explainer = new DecisionExplainer(manager.explain(schedule));

        int checked = 0;
        for (PlacementFact fact : facts) {
            List<ClusterAssignment> own = assignments.stream().filter(a -> a.getPlacement() == fact).toList();
            DecisionExplainer.PlacementExplanation explained = explainer.explain(fact, own);
            Set<Cluster> selected = new HashSet<>(explained.selected());
            for (ClusterAssignment slot : own) {
                Cluster before = slot.getCluster();
                for (Cluster in : fact.eligibleClusters()) {
                    if (selected.contains(in)) {
                        continue;
                    }
                    assertSameJudgement(schedule, base, slot, before, in, explained.merit(before, in));
                    checked++;
                }
                if (before != null) {
                    assertSameJudgement(schedule, base, slot, before, null, explained.merit(before, null));
                    checked++;
                }
            }
        }
        return checked;
    }

    private void assertSameJudgement(FleetSchedule schedule, BendableLongScore base, ClusterAssignment slot,
                                     Cluster before, Cluster after, long[] judged) {
        slot.setCluster(after);
        BendableLongScore changed = manager.update(schedule);
        slot.setCluster(before);
        long[] scored = new long[MERIT.length];
        for (int i = 0; i < MERIT.length; i++) {
            scored[i] = MERIT[i].of(changed) - MERIT[i].of(base);
        }
        assertThat(judged).as("%s: %s -> %s", slot.getPlacement(), before, after).containsExactly(scored);
    }

    private static PlacementFact fact(Placement placement, Fleet fleet, List<Cluster> clusters) {
        PlacementRequest request = new PlacementValidator(null).validate(placement).request();
        // Every cluster is healthy and matches; the filter works out preferred terms and PreferNoSelect taints.
        Eligibility eligibility = new ClusterFilter().filter(request, fleet, Instant.parse("2026-11-24T00:00:00Z"));
        Set<Integer> current = new HashSet<>();
        request.currentDecision().forEach(ref -> fleet.find(ref).ifPresent(c -> current.add(c.index())));
        return new PlacementFact(request, eligibility, clusters, current);
    }
}
