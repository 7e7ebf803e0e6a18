package io.meridian.scheduler.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Condition;
import io.meridian.api.inventory.ClusterProfile;
import io.meridian.api.inventory.ClusterProfileRef;
import io.meridian.api.inventory.ClusterProfileStatus;
import io.meridian.api.placement.Placement;
import io.meridian.scheduler.fleet.ClusterFact;
import io.meridian.scheduler.fleet.FactMapper;
import io.meridian.scheduler.fleet.Fleet;
import io.meridian.scheduler.fleet.FleetOptions;
import io.meridian.scheduler.plan.PlanSummary;
import io.meridian.scheduler.workload.FleetGenerator;
import io.meridian.scheduler.workload.Workload;
import io.meridian.scheduler.workload.WorkloadSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Meridian's solver against faithful per-placement schedulers (OCM-like, KubeFleet-like,
 * capacity-aware first-fit decreasing), in the same JVM on the same generated workload: each
 * schedules from scratch, then its own busiest cluster fails and it schedules again from its
 * previous decisions. Every decision is judged by the same rules ({@link PlanSummary}). Prints a
 * markdown table per workload and ends with one {@code RESULT key=value ...} line.
 *
 * <p>Run with {@code ./mvnw -B -pl scheduler -am -Pbenchmark test -Dtest=SchedulingBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dbenchmark.workloads=SPEC;SPEC} chooses the
 * workloads ({@code clusters=1000,placements=1000,tight=true}, as {@code meridian plan --generate}).
 */
@Tag("benchmark")
class SchedulingBenchmark {

    private static final Instant NOW = FleetGenerator.SINCE.toInstant().plus(Duration.ofHours(1));
    private static final String DEFAULT_WORKLOADS = "clusters=1000,placements=1000,tight=false;"
            + "clusters=1000,placements=1000,tight=true;clusters=5000,placements=1000,tight=false;"
            + "clusters=5000,placements=1000,tight=true";
    private static final String MERIDIAN = "meridian";

    private record Measured<T>(T result, long millis) {
    }

    /** One scheduler's run: first pass, then the pass after its busiest cluster failed. */
    private record Run(String name, long millis, PlanSummary quality, String failed, int failedLoad, int forced,
                       int moved, int unforced, long rescheduleMillis, PlanSummary after) {
    }

    static Stream<WorkloadSpec> workloads() {
        return Arrays.stream(System.getProperty("benchmark.workloads", DEFAULT_WORKLOADS).split(";"))
                .map(String::trim).filter(s -> !s.isEmpty()).map(WorkloadSpec::parse);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void meridianAgainstPerPlacementBaselines(WorkloadSpec spec) {
        Workload workload = FleetGenerator.generate(spec);
        Fleet fleet = fleet(workload.profiles());
        List<Contender> baselines = List.of(Contender.of(new OcmLikeScheduler()), Contender.of(new KubeFleetLikeScheduler()),
                Contender.of(new FirstFitDecreasingScheduler()));
        warmUp(baselines);
        warmUp(List.of(Contender.meridian(MERIDIAN, null)));

        List<Run> runs = new ArrayList<>();
        for (Contender baseline : baselines) {
            runs.add(run(baseline, workload, fleet));
        }
        Run ocm = runs.get(0);
        // OCM's Balance spans 200 points between an empty cluster and the busiest one; Meridian's load
        // balance charges 2 × weight per placement of difference, so this weight prices load alike.
        int matchedWeight = (int) Math.max(1, Math.min(100, Math.round(100.0 / Math.max(1, ocm.quality().maxLoad()))));
        Run meridian = run(Contender.meridian(MERIDIAN, null), workload, fleet);
        Run matched = run(Contender.meridian(MERIDIAN + "(w=" + matchedWeight + ")", matchedWeight), workload, fleet);
        runs.add(0, matched);
        runs.add(0, meridian);

        print(spec, runs, matchedWeight);
        printTargets(spec, meridian, matched, runs.subList(2, runs.size()), matchedWeight);

        assertThat(meridian.after().pickN()).isEqualTo(meridian.quality().pickN());
        assertThat(meridian.failedLoad()).isPositive();
    }

    private static Run run(Contender contender, Workload workload, Fleet fleet) {
        List<Placement> placements = workload.placements();
        Measured<Map<String, List<ClusterProfileRef>>> first =
                measure(() -> contender.schedule(fleet, placements, Map.of(), NOW));
        PlanSummary quality = PlanSummary.of(fleet, placements, first.result(), NOW);
        String failed = busiest(fleet, first.result());
        int failedLoad = (int) first.result().values().stream().filter(refs -> names(refs).contains(failed)).count();
        Fleet degraded = fleet(failed(workload.profiles(), failed));
        Measured<Map<String, List<ClusterProfileRef>>> after =
                measure(() -> contender.schedule(degraded, placements, first.result(), NOW));
        assertThat(after.result().values().stream().flatMap(List::stream)).as(contender.name())
                .noneMatch(ref -> ref.name().equals(failed));
        int forced = 0;
        int moved = 0;
        int unforced = 0;
        for (Placement placement : placements) {
            if (!"PickN".equals(placement.spec().placementType())) {
                continue;
            }
            Set<String> before = names(first.result().getOrDefault(placement.key(), List.of()));
            Set<String> now = names(after.result().getOrDefault(placement.key(), List.of()));
            boolean had = before.contains(failed);
            // A move takes a cluster away; filling a slot that was empty before moves nothing.
            boolean changed = !now.containsAll(before);
            forced += had ? 1 : 0;
            moved += changed ? 1 : 0;
            unforced += changed && !had ? 1 : 0;
        }
        return new Run(contender.name(), first.millis(), quality, failed, failedLoad, forced, moved, unforced,
                after.millis(), PlanSummary.of(degraded, placements, after.result(), NOW));
    }

    private static void print(WorkloadSpec spec, List<Run> runs, int weight) {
        System.out.printf("%n### %s (%s workload)%n%n", spec.describe(), spec.tight() ? "capacity-tight" : "everyday");
        System.out.println("| scheduler | time ms | PickN satisfied | spread kept | over capacity | preference points "
                + "| max load | mean load | load stddev | max / mean utilisation | objective at w=" + weight
                + " | failed cluster (load) | PickN moved | had to move | moved without need | satisfied after | reschedule ms |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|");
        for (Run run : runs) {
            PlanSummary q = run.quality();
            System.out.printf("| %s | %d | %d/%d | %d/%d | %d | %d | %d | %.2f | %.2f | %s | %d | %s (%d) | %d | %d | %d | %d/%d | %d |%n",
                    run.name(), run.millis(), q.satisfied(), q.pickN(), q.spreadKept(), q.spreadPlacements(),
                    q.overCapacity(), q.preferenceTotal(), q.maxLoad(), q.meanLoad(), q.loadStdDev(),
                    q.hasCapacities() ? "%.0f%% / %.1f%%".formatted(100 * q.maxUtilisation(), 100 * q.meanUtilisation()) : "-",
                    q.objective(weight), run.failed(), run.failedLoad(), run.moved(), run.forced(), run.unforced(),
                    run.after().satisfied(), run.after().pickN(), run.rescheduleMillis());
        }
        System.out.println();
        System.out.println("moved: PickN placements that lost a cluster they had after the failure; had to move: those "
                + "on the failed cluster; objective: preference points minus w × (squared loads) as Meridian's ranking score "
                + "weighs them at balanceWeight w, w priced like OCM's Balance at the OCM-like run's busiest cluster");
    }

    /** The targets the project set, each met or missed, and one machine-readable line. */
    private static void printTargets(WorkloadSpec spec, Run meridian, Run matched, List<Run> baselines, int weight) {
        List<String> dominating = baselines.stream().filter(b -> dominates(b, meridian)).map(Run::name).toList();
        List<String> better = baselines.stream().filter(b -> b.quality().satisfied() > meridian.quality().satisfied()
                || b.quality().spreadKept() > meridian.quality().spreadKept()).map(Run::name).toList();
        boolean allSatisfied = meridian.quality().satisfied() == meridian.quality().pickN();
        long fastest = baselines.stream().mapToLong(Run::millis).min().orElse(1);
        double ratio = (double) meridian.millis() / Math.max(1, fastest);
        Run ocm = baselines.get(0);
        System.out.printf("%nTargets for %s:%n", spec.describe());
        System.out.printf("- no baseline dominates Meridian: %s%s%n", met(dominating.isEmpty()),
                dominating.isEmpty() ? "" : " (dominated by " + dominating + ")");
        System.out.printf("- never worse on satisfied or spread kept: %s%s%n", met(better.isEmpty()),
                better.isEmpty() ? "" : " (better: " + better + ")");
        if (spec.tight()) {
            System.out.printf("- every placement satisfied on the tight workload: %s (%d/%d)%n", met(allSatisfied),
                    meridian.quality().satisfied(), meridian.quality().pickN());
        }
        System.out.printf("- moves only what had to move: %s (%d moved, %d had to, %d without need)%n",
                met(meridian.unforced() == 0), meridian.moved(), meridian.forced(), meridian.unforced());
        System.out.printf("- time at most 3x the fastest baseline: %s (%d ms vs %d ms, %.1fx)%n", met(ratio <= 3),
                meridian.millis(), fastest, ratio);
        System.out.printf("- shared objective at w=%d: %s %d, %s %d, %s %d%n", weight, ocm.name(),
                ocm.quality().objective(weight), matched.name(), matched.quality().objective(weight), meridian.name(),
                meridian.quality().objective(weight));

        StringJoiner result = new StringJoiner(" ", "RESULT ", "");
        result.add("workload=" + (spec.tight() ? "tight" : "mixed")).add("clusters=" + spec.clusters())
                .add("placements=" + spec.placements()).add("seed=" + spec.seed()).add("balance_weight=" + weight);
        List<Run> all = new ArrayList<>();
        all.add(meridian);
        all.add(matched);
        all.addAll(baselines);
        for (Run run : all) {
            String key = run == matched ? "meridian_w" : run.name().replace("-like", "").replace('-', '_');
            PlanSummary q = run.quality();
            result.add(key + "_ms=" + run.millis()).add(key + "_satisfied=" + q.satisfied())
                    .add(key + "_spread_kept=" + q.spreadKept()).add(key + "_over_capacity=" + q.overCapacity())
                    .add(key + "_preference=" + q.preferenceTotal()).add(key + "_max_load=" + q.maxLoad())
                    .add(key + "_load_stddev=" + "%.3f".formatted(q.loadStdDev()))
                    .add(key + "_objective=" + q.objective(weight)).add(key + "_moved=" + run.moved())
                    .add(key + "_forced=" + run.forced()).add(key + "_reschedule_ms=" + run.rescheduleMillis());
        }
        result.add("pickn=" + meridian.quality().pickN()).add("spread_placements=" + meridian.quality().spreadPlacements())
                .add("dominated_by=" + (dominating.isEmpty() ? "none" : String.join(",", dominating)))
                .add("time_ratio=" + "%.2f".formatted(ratio));
        System.out.println(result);
    }

    /** At least as good on every measure and better on one: satisfied, spread, preference, max load, stddev, moves. */
    private static boolean dominates(Run baseline, Run meridian) {
        PlanSummary b = baseline.quality();
        PlanSummary m = meridian.quality();
        int[] compare = {
                Integer.compare(b.satisfied(), m.satisfied()),
                Integer.compare(b.spreadKept(), m.spreadKept()),
                Long.compare(b.preferenceTotal(), m.preferenceTotal()),
                Integer.compare(m.maxLoad(), b.maxLoad()),
                Double.compare(m.loadStdDev(), b.loadStdDev()),
                Integer.compare(meridian.moved(), baseline.moved())};
        return Arrays.stream(compare).allMatch(c -> c >= 0) && Arrays.stream(compare).anyMatch(c -> c > 0);
    }

    private static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static void warmUp(List<Contender> contenders) {
        Workload small = FleetGenerator.generate(WorkloadSpec.of(200, 100, false, 7));
        Workload tight = FleetGenerator.generate(WorkloadSpec.of(200, 100, true, 7));
        for (Contender contender : contenders) {
            contender.schedule(fleet(small.profiles()), small.placements(), Map.of(), NOW);
            contender.schedule(fleet(tight.profiles()), tight.placements(), Map.of(), NOW);
        }
    }

    private static <T> Measured<T> measure(Supplier<T> work) {
        System.gc();
        long start = System.nanoTime();
        T result = work.get();
        return new Measured<>(result, (System.nanoTime() - start) / 1_000_000);
    }

    /** The available cluster holding the most placements; the first by name on a tie. */
    private static String busiest(Fleet fleet, Map<String, List<ClusterProfileRef>> decisions) {
        Map<String, Integer> load = new LinkedHashMap<>();
        decisions.values().forEach(refs -> refs.forEach(ref -> load.merge(ref.name(), 1, Integer::sum)));
        return fleet.clusters().stream().filter(c -> c.isHealthy() && c.isJoined())
                .map(ClusterFact::ref).map(ClusterProfileRef::name)
                .max((a, b) -> load.getOrDefault(a, 0).equals(load.getOrDefault(b, 0))
                        ? b.compareTo(a) : Integer.compare(load.getOrDefault(a, 0), load.getOrDefault(b, 0)))
                .orElseThrow();
    }

    private static Set<String> names(List<ClusterProfileRef> refs) {
        Set<String> names = new HashSet<>();
        refs.forEach(ref -> names.add(ref.name()));
        return names;
    }

    /** The profiles with this cluster's control plane reported unhealthy from now on. */
    private static List<ClusterProfile> failed(List<ClusterProfile> profiles, String name) {
        return profiles.stream().map(profile -> {
            if (!profile.metadata().getName().equals(name)) {
                return profile;
            }
            List<V1Condition> conditions = profile.status().conditions().stream()
                    .map(c -> FactMapper.CONTROL_PLANE_HEALTHY.equals(c.getType())
                            ? new V1Condition().type(c.getType()).status("False").reason("Unreachable")
                            .message("control plane unreachable").lastTransitionTime(FleetGenerator.SINCE)
                            : c)
                    .toList();
            return new ClusterProfile(profile.apiVersion(), profile.kind(), profile.metadata(), profile.spec(),
                    new ClusterProfileStatus(conditions, profile.status().properties(), profile.status().version()));
        }).toList();
    }

    private static Fleet fleet(List<ClusterProfile> profiles) {
        return new FactMapper(FleetOptions.defaults()).fleet(profiles, Map.of());
    }
}
