package ai.deepj.bench;

import ai.deepj.kernel.Parallel;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
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
 * JMH: {@code exp}, {@code tanh}, {@code sigmoid} over 2^20 float32 values through the public
 * Tensor API (each call allocates its output, as {@code torch.exp(x)} does). Run with
 * {@code java -jar deepj-bench/target/benchmarks.jar ElementwiseBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ElementwiseBench {
    @Param({"1048576"})
    public int size;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;

    @Setup
    public void setUp() {
        Parallel.setThreads(threads);
        x = Tensor.rand(Generator.seeded(0), size);
    }

    @Benchmark
    public Tensor exp() {
        return x.exp();
    }

    @Benchmark
    public Tensor tanh() {
        return x.tanh();
    }

    @Benchmark
    public Tensor sigmoid() {
        return x.sigmoid();
    }
}
