package io.jdtail.engine.operator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The grep prefilter's scan kernels side by side on one core, warm: every occurrence of a literal (or of any of
 * several) in the first
 * {@code megabytes} of a log file held in memory, as a reader finds them (each search from after the last hit).
 * Run by {@code bench/jmh-literal}; seconds per operation over the bytes scanned is the kernel's speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LiteralScanBenchmark {

    @Param("bench/data/genlog-600mb.log")
    public String file;

    @Param("64")
    public int megabytes;

    /**
     * A literal, or several separated by {@code |}: the first of any of them, as for {@code dgrep 'ERROR|WARN'};
     * after {@code (?i)}, caseless: {@code tream timeout} is the literal {@code dgrep '(?i)upstream timeout'} looks for
     * (RE2 matches an {@code s} by the long s too, so the run stops there).
     */
    @Param({"upstream timeout", "ERROR", "upstream timeout|connection reset|disk quota", "(?i)tream timeout"})
    public String literal;

    private byte[] text;
    private LiteralScan scalar;
    private LiteralScan vector;

    @Setup
    public void load() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            text = in.readNBytes(megabytes << 20);
        }
        boolean caseless = literal.startsWith("(?i)");
        List<LiteralNeedle> needles = Arrays.stream(literal.substring(caseless ? 4 : 0).split("\\|"))
                .map(l -> LiteralNeedle.of(l.getBytes(StandardCharsets.UTF_8), caseless)).toList();
        boolean one = needles.size() == 1 && !caseless;
        scalar = one ? new ScalarLiteralScan(needles.getFirst()) : new ScalarAnyLiteralScan(needles);
        vector = one ? VectorLiteralScan.of(needles.getFirst()) : VectorAnyLiteralScan.of(needles);
    }

    @Benchmark
    public int scalar() {
        return count(scalar);
    }

    @Benchmark
    public int vector() {
        return count(vector);
    }

    private int count(LiteralScan scan) {
        int n = 0;
        int from = 0;
        int at;
        while ((at = scan.indexIn(text, from, text.length)) >= 0) {
            n++;
            from = at + 1;
        }
        return n;
    }
}
