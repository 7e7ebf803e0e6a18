package io.meridian.scheduler.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The packaged {@code meridian} jar run as a user runs it: a separate JVM, its exit code and output. */
public final class MeridianJar {

    public static final Path JAR = Tools.REPOSITORY.resolve("scheduler").resolve("target").resolve("meridian.jar");

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
    }

    private MeridianJar() {
    }

    /** A process builder for {@code java -jar meridian.jar ARGS}, with the environment left to the caller. */
    public static ProcessBuilder command(String... args) {
        return command(List.of(), List.of(args));
    }

    /** The same with JVM options before {@code -jar}. */
    public static ProcessBuilder command(List<String> jvmOptions, List<String> args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing; integration tests run after `package`");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /**
     * Runs to completion with these environment changes (a null value removes the variable).
     *
     * @throws AssertionError when it is still running after a minute
     */
    public static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = command(args);
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("meridian " + String.join(" ", args) + " still running after 60 s");
        }
        return new Result(process.exitValue(), out.join(), err.join());
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    private static CompletableFuture<String> read(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }
}
