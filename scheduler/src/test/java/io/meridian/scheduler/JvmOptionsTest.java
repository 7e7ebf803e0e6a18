package io.meridian.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.scheduler.testing.ControllerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The image's JVM options file is one the java launcher reads, and every option in it takes effect. */
class JvmOptionsTest {

    private static final Pattern OPTION = Pattern.compile("-XX:(\\w+)=(\\S+)");

    @Test
    void theLauncherReadsTheImagesOptionsAndEachTakesEffect() throws IOException, InterruptedException {
        Map<String, String> options = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ControllerProcess.IMAGE_JVM_OPTIONS)) {
            String option = line.strip();
            if (option.isEmpty() || option.startsWith("#")) {
                continue;
            }
            Matcher parsed = OPTION.matcher(option);
            assertThat(parsed.matches()).as("an -XX:Name=value option: %s", option).isTrue();
            options.put(parsed.group(1), parsed.group(2));
        }
        assertThat(options).isNotEmpty();

        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "@" + ControllerProcess.IMAGE_JVM_OPTIONS, "-XX:+PrintFlagsFinal",
                "-version").redirectErrorStream(true).start();
        String flags = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(flags).isZero();
        options.forEach((name, value) -> assertThat(flags)
                .as("%s=%s among the JVM's final flags", name, value)
                .containsPattern("\\s" + name + "\\s+=\\s+" + Pattern.quote(value) + "\\s"));
    }
}
