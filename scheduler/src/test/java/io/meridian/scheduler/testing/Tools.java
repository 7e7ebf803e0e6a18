package io.meridian.scheduler.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The binaries {@code hack/} provides for the tests, and running them. */
public final class Tools {

    public static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private Tools() {
    }

    /**
     * Runs a {@code hack/} script that fetches or builds binaries (cached, so cheap after the first
     * time) and returns the directory it prints last. Its progress goes to the test output.
     */
    public static Path binaries(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", REPOSITORY.resolve("hack").resolve(script).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("hack/" + script + " failed; see its output above");
        }
        return Path.of(out.lines().reduce((first, last) -> last).orElseThrow());
    }

    /** Runs a command and returns its output; fails the test with that output when it exits non-zero. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + "\n" + out);
        }
        return out;
    }
}
