package io.meridian.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.scheduler.testing.Tools;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code hack/demo.sh --unattended}, exactly as the README tells a newcomer to run it. */
class DemoIT {

    @Test
    void theDemoRunsEveryStepAndChecksItOut() throws Exception {
        Process demo = new ProcessBuilder("bash", Tools.REPOSITORY.resolve("hack/demo.sh").toString(), "--unattended")
                .redirectErrorStream(true).start();
        String out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(demo.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).contains("ok: all 10 sample Placements have a status",
                "ok: the 3 sample ClusterSetBindings found their clustersets", "kind: PlacementDecision",
                "ok: no Placement keeps prod-eu-1", "Placements that moved:", "ok: DecisionChanged events were recorded",
                "every check passed").doesNotContain("FAILED");
    }
}
