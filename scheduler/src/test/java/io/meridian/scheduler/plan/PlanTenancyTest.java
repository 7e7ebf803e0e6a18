package io.meridian.scheduler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.scheduler.cli.MeridianCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code plan} with ClusterSetBindings in its input, in bindings and open mode. */
class PlanTenancyTest {

    private static final Path FLEET = Path.of("..", "samples", "fleet");
    private static final String NOW = "2026-11-24T00:00:00Z";

    private record Run(int exitCode, String out, String err) {
    }

    private static Run plan(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = MeridianCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(Stream.concat(Stream.of("plan", "--now", NOW), Stream.of(args))
                .toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String binding(String namespace, String name, String spec) {
        return """
                apiVersion: scheduling.meridian.io/v1alpha1
                kind: ClusterSetBinding
                metadata: {name: %s, namespace: %s}
                spec: %s
                """.formatted(name, namespace, spec);
    }

    @Test
    void aBindingWithoutAClustersetExitsTwoNamingFileAndField(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bindings.yaml"), binding("apps", "none", "{}"));

        Run run = plan("-f", FLEET.toString(), "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("bindings.yaml", "ClusterSetBinding apps/none", "spec.clusterSet is required");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBindingWithAnInvalidClustersetExitsTwo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bindings.yaml"), binding("apps", "bad", "{clusterSet: 'two words'}"));

        Run run = plan("-f", FLEET.toString(), "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("bindings.yaml", "spec.clusterSet 'two words' is not a clusterset name");
    }

    @Test
    void aBindingDefinedTwiceExitsTwo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bindings.yaml"), binding("apps", "prod", "{clusterSet: prod}")
                + "---\n" + binding("apps", "prod", "{clusterSet: prod}"));

        Run run = plan("-f", FLEET.toString(), "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("ClusterSetBinding apps/prod is also defined in");
    }

    @Test
    void anUnknownTenancyModeExitsTwo() {
        Run run = plan("-f", FLEET.toString(), "--tenancy=shared");

        assertThat(run.exitCode()).isEqualTo(MeridianCommand.EXIT_INVALID_INPUT);
        assertThat(run.err()).contains("--tenancy", "shared", "bindings", "open");
    }
}
