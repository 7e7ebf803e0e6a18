package io.meridian.scheduler.plan;

import static io.meridian.scheduler.plan.PlanRun.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code meridian plan --generate}: a generated fleet planned end to end through the command line. */
class PlanGenerateTest {

    private static final String NOW = "2026-11-24T00:00:00Z";

    private static List<String> rows(PlanRun run) {
        return run.out().lines().filter(line -> line.startsWith("apps/placement-")).toList();
    }

    @Test
    void aTightFleetIsPlannedWithinCapacityAndTheSummaryCountsWhatTheTableShows() {
        PlanRun run = plan("--generate", "clusters=60,placements=40,tight=true,seed=5", "--now", NOW);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("PLACEMENT ");
        assertThat(rows(run)).hasSize(40).allMatch(row -> row.contains(" PickN "));
        long satisfied = rows(run).stream().filter(row -> row.split("\\s+")[4].equals("True")).count();
        assertThat(satisfied).isGreaterThan(30);
        assertThat(run.out())
                .contains("Generated fleet: clusters=60,placements=40,tight=true,seed=5 (capacity-tight workload)")
                .contains("PickN satisfied: " + satisfied + "/40")
                .containsPattern("Spread kept: (\\d+)/\\1 PickN placements")
                .containsPattern("Utilisation: max \\d+\\.\\d%, mean [89]\\d\\.\\d% of capacity; 0 placements beyond capacity");
    }

    @Test
    void theEverydayMixIsPlannedWithItsLoadAndTheSameSeedGivesTheSamePlan() {
        PlanRun run = plan("--generate", "clusters=50,placements=30,seed=9", "--now", NOW);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(rows(run)).hasSize(30);
        assertThat(rows(run).stream().map(row -> row.split("\\s+")[1]).distinct()).contains("PickN", "PickAll");
        assertThat(run.out()).contains("(everyday workload)").containsPattern("Load: max \\d+, mean \\d+\\.\\d\\d")
                .doesNotContain("Utilisation");
        assertThat(plan("--generate", "clusters=50,placements=30,seed=9", "--now", NOW).out()).isEqualTo(run.out());
    }

    @Test
    void aDocumentOutputKeepsStdoutTheDocumentAndTheSummaryGoesToStderr() {
        PlanRun run = plan("--generate", "clusters=20,placements=10,tight=true", "-o", "json", "--now", NOW);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JsonParser.parseString(run.out()).getAsJsonObject().get("kind").getAsString()).isEqualTo("List");
        assertThat(run.err()).containsPattern("PickN satisfied: \\d+/10");
    }

    @Test
    void aWrongSpecOrAnotherInputIsAnArgumentError() {
        PlanRun unknown = plan("--generate", "nodes=5");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--generate: unknown key 'nodes'");
        assertThat(unknown.out()).isEmpty();

        PlanRun both = plan("--generate", "clusters=5", "-f", "../samples");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--generate plans a generated fleet; it takes no -f");
    }
}
