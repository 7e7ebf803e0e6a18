package io.meridian.scheduler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM: the heap it holds right after a full collection, read from its GC
 * log ({@code -Xlog:gc:file=...}, see {@link #jvmOptions}). {@link #collect} has the JVM collect
 * fully on demand ({@code jcmd PID GC.run}); full collections the JVM runs by itself, because
 * its live data came close to {@code -Xmx}, are in the same log. The peak over both is the
 * peak live heap: a transient peak between two forced collections that never pressed on the
 * heap limit is not seen, and did not need to fit.
 */
public final class HeapProbe {

    /** {@code GC(12) Pause Full (System.gc()) 180M->95M(512M) 210.345ms}, in any unit the JVM picks. */
    private static final Pattern FULL_GC = Pattern.compile("Pause Full \\([^)]*\\) (\\d+)([KMG])->(\\d+)([KMG])\\(");

    private final Path gcLog;

    public HeapProbe(Path gcLog) {
        this.gcLog = gcLog;
    }

    /** The JVM options that make a JVM write the log this probe reads. */
    public List<String> jvmOptions() {
        return List.of("-Xlog:gc:file=" + gcLog);
    }

    /**
     * Has the JVM collect fully and returns the heap it holds after that, in MiB.
     *
     * @throws IllegalStateException when jcmd fails or the collection does not show in the log
     */
    public long collect(long pid) throws IOException, InterruptedException {
        int before = fullCollections().size();
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " GC.run failed: " + out);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<Long> after = fullCollections();
            if (after.size() > before) {
                return after.get(after.size() - 1);
            }
            Thread.sleep(50); // the log is written asynchronously
        }
        throw new IllegalStateException("no full collection in " + gcLog + " after jcmd GC.run");
    }

    /** The largest heap left after any full collection so far, in MiB. */
    public long peakMiB() throws IOException {
        return fullCollections().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Heap after each full collection, in MiB, in order. */
    private List<Long> fullCollections() throws IOException {
        if (!Files.exists(gcLog)) {
            return List.of();
        }
        return Files.readAllLines(gcLog).stream().map(FULL_GC::matcher).filter(Matcher::find)
                .map(m -> mebibytes(Long.parseLong(m.group(3)), m.group(4))).toList();
    }

    private static long mebibytes(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
