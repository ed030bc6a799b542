package ai.deepj.bench;

import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.Parallel;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.ConvOptions;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.concurrent.TimeUnit;
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
 * JMH: one {@code conv2d} layer, float32, batch 128, through the public Tensor API: forward alone
 * (no graph recorded) and forward + backward (gradients of input, weight and bias from a fixed
 * upstream gradient), in milliseconds per batch. Shapes:
 * <ul>
 *   <li>{@code lenet1}: LeNet-5's first layer, {@code [128, 1, 32, 32]} ∗ 6 filters 5×5 → {@code [128, 6, 28, 28]}</li>
 *   <li>{@code lenet2}: its second, {@code [128, 6, 14, 14]} ∗ 16 filters 5×5 → {@code [128, 16, 10, 10]}</li>
 *   <li>{@code resnet}: a ResNet-style 3×3 layer, {@code [128, 32, 32, 32]} ∗ 32 filters 3×3, padding 1 → {@code [128, 32, 32, 32]}</li>
 * </ul>
 *
 * <pre>{@code
 * ./mvnw -q -o -pl deepj-bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -jar deepj-bench/target/benchmarks.jar ConvBench -p threads=1,2
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ConvBench {
    @Param({"lenet1", "lenet2", "resnet"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    /** GEMM backend by name, as for {@code -Ddeepj.gemm}. */
    @Param({"java"})
    public String backend;

    private Tensor x, w, b, upstream;
    private ConvOptions options;
    private int savedThreads;

    @Setup(Level.Trial)
    public void setUp() {
        int n = 128, c, hw, o, k, pad;
        switch (shape) {
            case "lenet1" -> { c = 1; hw = 32; o = 6; k = 5; pad = 0; }
            case "lenet2" -> { c = 6; hw = 14; o = 16; k = 5; pad = 0; }
            case "resnet" -> { c = 32; hw = 32; o = 32; k = 3; pad = 1; }
            default -> throw new IllegalArgumentException("ConvBench: unknown shape " + shape + " (lenet1, lenet2, resnet)");
        }
        Generator g = Generator.seeded(1);
        x = Tensor.randn(g, n, c, hw, hw).requiresGrad(true);
        w = Tensor.normal(g, DType.FLOAT32, 0, Math.sqrt(2.0 / (c * k * k)), o, c, k, k).requiresGrad(true);
        b = Tensor.zeros(o).requiresGrad(true);
        options = ConvOptions.defaults().withPadding(pad);
        int out = hw + 2 * pad - k + 1;
        upstream = Tensor.randn(g, n, o, out, out);
        savedThreads = Parallel.threads();
        Parallel.setThreads(threads);
        Gemm.useBackend(backend);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Parallel.setThreads(savedThreads);
    }

    @Benchmark
    public Tensor forward() {
        try (var s = Autograd.noGrad()) {
            return x.conv2d(w, b, options);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.setGrad(null);
        w.setGrad(null);
        b.setGrad(null);
        x.conv2d(w, b, options).backward(upstream);
        return w.grad();
    }
}
