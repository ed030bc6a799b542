package ai.deepj.bench;

import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GEMM throughput, {@code C = op(A)·op(B)} with {@code beta = 0}, for the shapes deepj's models use.
 *
 * <p>A shape is {@code MxKxN}, optionally followed by {@code :At} or {@code :Bt} when that operand
 * is stored transposed. Besides calls per second, each run reports a secondary {@code flop} counter
 * ({@code 2·M·N·K} per call): its rate divided by 1e9 is GFLOP/s. Example, float32 only:
 *
 * <pre>{@code
 * java -jar deepj-bench/target/benchmarks.jar 'GemmBench.sgemm' -p threads=1 -p shape=1024x1024x1024
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class GemmBench {
    @Param({"512x512x512", "1024x1024x1024", "2048x2048x2048", "128x784x512", "784x128x512:At", "128x512x784:Bt",
            "32x320x1024"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    /** GEMM backend by name, as for {@code -Ddeepj.gemm}. */
    @Param({"java"})
    public String backend;

    private int m, n, k, lda, ldb;
    private boolean transA, transB;
    private float[] af, bf, cf;
    private double[] ad, bd, cd;
    private int savedThreads;

    /** Floating-point operations done, reported as a rate next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flop;
    }

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split(":");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        transA = parts.length > 1 && parts[1].equals("At");
        transB = parts.length > 1 && parts[1].equals("Bt");
        lda = transA ? m : k;
        ldb = transB ? k : n;
        SplittableRandom rnd = new SplittableRandom(42);
        ad = rnd.doubles((long) m * k, -1, 1).toArray();
        bd = rnd.doubles((long) k * n, -1, 1).toArray();
        cd = new double[m * n];
        af = toFloat(ad);
        bf = toFloat(bd);
        cf = new float[m * n];
        savedThreads = Parallel.threads();
        Parallel.setThreads(threads);
        Gemm.useBackend(backend);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    @Benchmark
    public float[] sgemm(Flops flops) {
        Gemm.sgemm(transA, transB, m, n, k, 1f, af, 0, lda, bf, 0, ldb, 0f, cf, 0, n);
        flops.flop += 2L * m * n * k;
        return cf;
    }

    @Benchmark
    public double[] dgemm(Flops flops) {
        Gemm.dgemm(transA, transB, m, n, k, 1.0, ad, 0, lda, bd, 0, ldb, 0.0, cd, 0, n);
        flops.flop += 2L * m * n * k;
        return cd;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }
}
