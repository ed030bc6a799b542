package ai.deepj.bench;

import ai.deepj.kernel.Gemm;
import ai.deepj.kernel.UnaryOp;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.rnn.Lstm;
import ai.deepj.nn.rnn.TimeDistributed;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.zoo.LeNet5;
import ai.deepj.nn.zoo.ResNet;
import ai.deepj.optim.Adam;
import ai.deepj.optim.Optimizer;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The workloads of {@code bench/compare.sh}, by name; {@code bench/torch_bench.py} defines the same
 * names with the same shapes. To add one (a training step, say), add an entry here and there.
 */
final class Workloads {
    private Workloads() {}

    /** One timed operation and how much work it does, in {@code unit}s per call (before scaling). */
    record Workload(Runnable op, double workPerOp) {}

    /**
     * A named benchmark.
     *
     * @param unit        what the reported figure counts, e.g. {@code GFLOP/s}
     * @param scale       the reported figure is {@code workPerOp * calls / seconds / scale}
     * @param usesGemm    whether the GEMM backend matters (otherwise deepj-openblas is not run)
     * @param setUp       builds the inputs (outside the timed region)
     */
    record Bench(String name, String unit, double scale, boolean usesGemm, Function<Generator, Workload> setUp) {}

    /** All benchmarks, in the order the table shows them. */
    static final Map<String, Bench> ALL = new LinkedHashMap<>();

    static {
        sgemm("sgemm-512x512x512", 512, 512, 512, false, false);
        sgemm("sgemm-1024x1024x1024", 1024, 1024, 1024, false, false);
        sgemm("sgemm-2048x2048x2048", 2048, 2048, 2048, false, false);
        sgemm("sgemm-128x784x512", 128, 784, 512, false, false);
        sgemm("sgemm-784x128x512-tn", 784, 128, 512, true, false);
        sgemm("sgemm-128x512x784-nt", 128, 512, 784, false, true);
        sgemm("sgemm-32x320x1024", 32, 320, 1024, false, false);
        unary("exp", Tensor::exp);
        unary("tanh", Tensor::tanh);
        unary("sigmoid", Tensor::sigmoid);
        unaryInto("exp-out", UnaryOp.EXP);
        unaryInto("tanh-out", UnaryOp.TANH);
        unaryInto("sigmoid-out", UnaryOp.SIGMOID);
        add(new Bench("mlp", "examples/s", 1, true, gen -> mlp(gen, true)));
        add(new Bench("mlp-zero-fill", "examples/s", 1, true, gen -> mlp(gen, false)));
        add(new Bench("char-lstm", "tokens/s", 1, true, Workloads::charLstm));
        addConvNets();
    }

    /** The convolutional training steps (Course 4): {@code lenet}, {@code resnet-small}. */
    private static void addConvNets() {
        add(new Bench("lenet", "examples/s", 1, true, Workloads::lenet));
        add(new Bench("resnet-small", "examples/s", 1, true, Workloads::resnetSmall));
    }

    /** Results are written here so that the JIT cannot drop the work. */
    static volatile Object sink;

    /** {@code C = op(A)·op(B)} with {@code op(A)} m × k and {@code op(B)} k × n, through {@link Gemm}. */
    private static void sgemm(String name, int m, int k, int n, boolean transA, boolean transB) {
        add(new Bench(name, "GFLOP/s", 1e9, true, gen -> {
            float[] a = uniform(gen, m * k), b = uniform(gen, k * n), c = new float[m * n];
            int lda = transA ? m : k, ldb = transB ? k : n;
            return new Workload(() -> {
                Gemm.sgemm(transA, transB, m, n, k, 1, a, 0, lda, b, 0, ldb, 0, c, 0, n);
                sink = c;
            }, 2.0 * m * n * k);
        }));
    }

    /** An elementwise op over 2^20 float32 values through the public Tensor API (allocating its output). */
    private static void unary(String name, Function<Tensor, Tensor> f) {
        add(new Bench(name, "Melem/s", 1e6, false, gen -> {
            Tensor x = Tensor.rand(gen, 1 << 20);
            return new Workload(() -> sink = f.apply(x), 1 << 20);
        }));
    }

    /** The same op writing into a preallocated output ({@code Tensor.mapInto}; torch: {@code out=}). */
    private static void unaryInto(String name, UnaryOp op) {
        add(new Bench(name, "Melem/s", 1e6, false, gen -> {
            Tensor x = Tensor.rand(gen, 1 << 20);
            Tensor out = Tensor.zeros(1 << 20);
            return new Workload(() -> sink = x.mapInto(op, out), 1 << 20);
        }));
    }

    /**
     * One training step of a 784-512-256-10 network with in-place ReLU on a fixed synthetic batch of 128 examples:
     * zero grads, forward, sparse softmax cross-entropy on int32 labels, backward, Adam (lr 1e-3).
     * The whole step goes through the public API, as a user's training loop would. {@code mlp} clears the
     * gradients ({@code zeroGrad()}, set to none, PyTorch's default); {@code mlp-zero-fill} zero-fills them in
     * place ({@code zeroGrad(false)}), so each weight's gradient buffer is reused every step.
     */
    private static Workload mlp(Generator gen, boolean setToNone) {
        int batch = 128;
        Sequential model = new Sequential(new Linear(784, 512, Linear.Options.defaults(), gen), ReLU.inPlace(),
                new Linear(512, 256, Linear.Options.defaults(), gen), ReLU.inPlace(), new Linear(256, 10, Linear.Options.defaults(), gen));
        Tensor x = Tensor.uniform(gen, DType.FLOAT32, -1, 1, batch, 784);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 10;
        Tensor y = Tensor.of(labels, batch);
        CrossEntropy loss = new CrossEntropy();
        Optimizer opt = Adam.of(model.parameters(), Adam.Options.defaults().withLr(1e-3));
        return new Workload(() -> {
            opt.zeroGrad(setToNone);
            Tensor l = loss.compute(model.forward(x), y);
            l.backward();
            opt.step();
            sink = l;
        }, batch);
    }

    /**
     * One training step of a character-level LSTM language model on a fixed synthetic batch: vocabulary 64, one-hot
     * inputs {@code [32, 64, 64]} (batch-first), {@code Lstm(64 -> 256)}, a {@code Linear(256, 64)} head on every step
     * ({@code TimeDistributed}), cross-entropy over all 32·64 next-character targets (mean), backward, Adam (lr 1e-3).
     * The work is the number of tokens, batch × sequence.
     */
    private static Workload charLstm(Generator gen) {
        int vocab = 64, hidden = 256, seq = 64, batch = 32;
        Sequential model = new Sequential(new Lstm(vocab, hidden, Lstm.Options.defaults(), gen),
                new TimeDistributed(new Linear(hidden, vocab, Linear.Options.defaults(), gen)));
        int[] ids = new int[batch * (seq + 1)];
        for (int i = 0; i < ids.length; i++) ids[i] = gen.nextInt(vocab);
        Tensor all = Tensor.of(ids, batch, seq + 1);
        Tensor x = Tensor.oneHot(all.narrow(1, 0, seq).contiguous(), vocab, DType.FLOAT32);
        Tensor y = all.narrow(1, 1, seq).contiguous().reshape(-1);
        CrossEntropy loss = new CrossEntropy();
        Optimizer opt = Adam.of(model.parameters(), Adam.Options.defaults().withLr(1e-3));
        return new Workload(() -> {
            opt.zeroGrad();
            Tensor l = loss.compute(model.forward(x).reshape(-1, vocab), y);
            l.backward();
            opt.step();
            sink = l;
        }, batch * seq);
    }

    /**
     * One training step of LeNet-5 as the benchmark defines it ({@link LeNet5#mnist}), on a fixed synthetic batch of
     * 128 images {@code [128, 1, 28, 28]}: conv 5×5 (6) – ReLU – max pool 2 – conv 5×5 (16) – ReLU – max pool 2 –
     * flatten (16·4·4 = 256) – fc 120 – ReLU – fc 84 – ReLU – fc 10; cross-entropy, Adam (lr 1e-3).
     */
    private static Workload lenet(Generator gen) {
        int batch = 128;
        return trainingStep(LeNet5.mnist(10, gen), Tensor.uniform(gen, DType.FLOAT32, -1, 1, batch, 1, 28, 28), batch);
    }

    /**
     * One training step of a small ResNet on a fixed synthetic batch of 128 images {@code [128, 3, 32, 32]}: conv 3×3
     * (32, padding 1, no bias) + BN + ReLU, then two residual blocks {@code relu(x + BN(conv(relu(BN(conv(x))))))} of
     * 3×3 convolutions with 32 channels, global average pooling, fc 10 ({@link ResNet#build} with one stage of two
     * basic blocks, width 32, the small stem); cross-entropy, Adam (lr 1e-3).
     */
    private static Workload resnetSmall(Generator gen) {
        int batch = 128;
        Sequential model = ResNet.build(ResNet.Block.BASIC, new int[] {2}, 10,
                ResNet.Options.defaults().withWidth(32).withStem(ResNet.Stem.SMALL), gen);
        return trainingStep(model, Tensor.uniform(gen, DType.FLOAT32, -1, 1, batch, 3, 32, 32), batch);
    }

    /** Zero grads, forward, sparse cross-entropy on labels {@code i % 10}, backward, Adam (lr 1e-3), as {@link #mlp}. */
    private static Workload trainingStep(Module model, Tensor x, int batch) {
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 10;
        Tensor y = Tensor.of(labels, batch);
        CrossEntropy loss = new CrossEntropy();
        Optimizer opt = Adam.of(model.parameters(), Adam.Options.defaults().withLr(1e-3));
        return new Workload(() -> {
            opt.zeroGrad();
            Tensor l = loss.compute(model.forward(x), y);
            l.backward();
            opt.step();
            sink = l;
        }, batch);
    }

    private static float[] uniform(Generator gen, int n) {
        return Tensor.uniform(gen, DType.FLOAT32, -1, 1, n).toFloatArray();
    }

    private static void add(Bench b) {
        ALL.put(b.name(), b);
    }

    /** Looks names up, failing with the list of known ones. */
    static List<Bench> select(List<String> names) {
        if (names.isEmpty()) return List.copyOf(ALL.values());
        return names.stream().map(n -> {
            Bench b = ALL.get(n);
            if (b == null) throw new IllegalArgumentException("unknown bench '" + n + "'; known: " + ALL.keySet());
            return b;
        }).toList();
    }
}
