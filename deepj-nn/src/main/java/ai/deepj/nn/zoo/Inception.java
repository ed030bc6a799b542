package ai.deepj.nn.zoo;

import ai.deepj.nn.BatchNorm2d;
import ai.deepj.nn.Concatenate;
import ai.deepj.nn.Dropout;
import ai.deepj.nn.GlobalAvgPool;
import ai.deepj.nn.GraphModel;
import ai.deepj.nn.Linear;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.Module;
import ai.deepj.nn.PoolOptions;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Generator;

/**
 * Inception modules and GoogLeNet (Szegedy et al., "Going Deeper with Convolutions", 2015): rather
 * than choosing a filter size, a module runs 1×1, 3×3 and 5×5 convolutions and a 3×3 max pool side
 * by side on the same input (all "same", stride 1) and concatenates their outputs along the
 * channels. 1×1 convolutions first shrink the channels the 3×3 and 5×5 see (the "bottleneck" that
 * the course shows cuts the 5×5 branch's cost about tenfold) and project the pool's output.
 *
 * <p>{@link #module} is the InceptionV1 module; {@link #googLeNet} the paper's network: stem conv
 * 7×7/2 (64) → max pool 3/2 → conv 1×1 (64) → conv 3×3 (192) → max pool 3/2 → modules 3a, 3b →
 * max pool → 4a–4e → max pool → 5a, 5b → global average pooling → dropout 0.4 → fc, on
 * {@code 224 × 224} images ({@code 7 × 7 × 1024} before the pooling): 6,998,552 parameters for
 * 1000 classes. Not included: the paper's local response normalization and its two auxiliary
 * classifiers (used in training only). torchvision's {@code googlenet} (6,624,904) differs: batch
 * norm after each convolution (no biases) and a 3×3 where the paper has 5×5; set
 * {@link Options#batchNorm} for the first.
 *
 * {@snippet :
 * GraphModel m = Inception.module(192, 64, 96, 128, 16, 32, 32, Generator.seeded(1));   // module 3a
 * Tensor y = m.forward(x);                               // [N, 192, 28, 28] → [N, 256, 28, 28]
 * Sequential net = Inception.googLeNet(1000, Generator.seeded(2));
 * }
 */
public final class Inception {
    private Inception() {}

    /**
     * Options of the modules and of {@link #googLeNet(int, Options, Generator)}.
     *
     * @param inChannels image channels (GoogLeNet)
     * @param batchNorm  batch norm between every convolution and its ReLU (the convolution then has no bias)
     * @param dropRate   dropout before GoogLeNet's fc (0 for none)
     */
    public record Options(int inChannels, boolean batchNorm, double dropRate) {
        public Options {
            Layers.positive("Inception.Options", "inChannels", inChannels);
            if (!(dropRate >= 0 && dropRate < 1)) throw new IllegalArgumentException("Inception.Options: dropRate must be in [0, 1), got " + dropRate);
        }

        /** The paper's: 3 channels, no batch norm, drop rate 0.4. */
        public static Options defaults() {
            return new Options(3, false, 0.4);
        }

        public Options withInChannels(int c) {
            return new Options(c, batchNorm, dropRate);
        }

        public Options withBatchNorm(boolean on) {
            return new Options(inChannels, on, dropRate);
        }

        public Options withDropRate(double p) {
            return new Options(inChannels, batchNorm, p);
        }
    }

    /** The paper's modules 3a … 5b: {1×1, 3×3 reduce, 3×3, 5×5 reduce, 5×5, pool projection}. */
    private static final int[][] GOOGLENET = {
            {64, 96, 128, 16, 32, 32}, {128, 128, 192, 32, 96, 64},
            {192, 96, 208, 16, 48, 64}, {160, 112, 224, 24, 64, 64}, {128, 128, 256, 24, 64, 64}, {112, 144, 288, 32, 64, 64},
            {256, 160, 320, 32, 128, 128},
            {256, 160, 320, 32, 128, 128}, {384, 192, 384, 48, 128, 128}};

    /**
     * An InceptionV1 module on {@code in} channels; its output has {@code c1x1 + c3x3 + c5x5 + poolProj}
     * channels and the input's H and W. Branches, each convolution followed by ReLU: 1×1
     * ({@code c1x1}); 1×1 ({@code c3x3Reduce}) → 3×3 ({@code c3x3}); 1×1 ({@code c5x5Reduce}) → 5×5
     * ({@code c5x5}); max pool 3×3 stride 1 → 1×1 ({@code poolProj}).
     */
    public static GraphModel module(int in, int c1x1, int c3x3Reduce, int c3x3, int c5x5Reduce, int c5x5, int poolProj, Generator gen) {
        return module(in, c1x1, c3x3Reduce, c3x3, c5x5Reduce, c5x5, poolProj, Options.defaults(), gen);
    }

    /** {@link #module(int, int, int, int, int, int, int, Generator)} with batch norm if {@code options} say so. */
    public static GraphModel module(int in, int c1x1, int c3x3Reduce, int c3x3, int c5x5Reduce, int c5x5, int poolProj, Options options,
            Generator gen) {
        String op = "Inception.module";
        Layers.positive(op, "in", in);
        Layers.positive(op, "c1x1", c1x1);
        Layers.positive(op, "c3x3Reduce", c3x3Reduce);
        Layers.positive(op, "c3x3", c3x3);
        Layers.positive(op, "c5x5Reduce", c5x5Reduce);
        Layers.positive(op, "c5x5", c5x5);
        Layers.positive(op, "poolProj", poolProj);
        boolean bn = options.batchNorm();
        GraphModel.Node x = GraphModel.input("x");
        GraphModel.Node b1 = conv(x, in, c1x1, 1, bn, gen);
        GraphModel.Node b2 = conv(conv(x, in, c3x3Reduce, 1, bn, gen), c3x3Reduce, c3x3, 3, bn, gen);
        GraphModel.Node b3 = conv(conv(x, in, c5x5Reduce, 1, bn, gen), c5x5Reduce, c5x5, 5, bn, gen);
        GraphModel.Node pooled = GraphModel.apply(new MaxPool2d(PoolOptions.of(3).withStride(1).withPadding(1)), x);
        GraphModel.Node b4 = conv(pooled, in, poolProj, 1, bn, gen);
        return GraphModel.of(x, GraphModel.apply(new Concatenate(1), b1, b2, b3, b4));
    }

    /** A "same" {@code k × k} convolution at stride 1 → (BN) → ReLU. */
    private static GraphModel.Node conv(GraphModel.Node x, int in, int out, int k, boolean bn, Generator gen) {
        if (bn) return Layers.convBn(x, in, out, k, 1, k / 2, true, gen);
        return Layers.chain(x, Layers.conv(in, out, k, 1, k / 2, true, gen), Layers.relu());
    }

    /** The paper's GoogLeNet on {@code [N, 3, 224, 224]}. */
    public static Sequential googLeNet(int numClasses, Generator gen) {
        return googLeNet(numClasses, Options.defaults(), gen);
    }

    /** {@link #googLeNet(int, Generator)} from {@link Generator#global()}. */
    public static Sequential googLeNet(int numClasses) {
        return googLeNet(numClasses, Generator.global());
    }

    /**
     * GoogLeNet with {@code options}: children are the stem (a {@code Sequential}), modules 3a and
     * 3b, a pool, 4a–4e, a pool, 5a and 5b, then the head (global average pooling, dropout, fc).
     */
    public static Sequential googLeNet(int numClasses, Options options, Generator gen) {
        Layers.positive("Inception.googLeNet", "numClasses", numClasses);
        boolean bn = options.batchNorm();
        Sequential stem = new Sequential();
        stemConv(stem, options.inChannels(), 64, 7, 2, bn, gen);
        stem.add(pool());
        stemConv(stem, 64, 64, 1, 1, bn, gen);
        stemConv(stem, 64, 192, 3, 1, bn, gen);
        stem.add(pool());
        Sequential net = new Sequential(stem);
        int channels = 192;
        for (int i = 0; i < GOOGLENET.length; i++) {
            int[] c = GOOGLENET[i];
            net.add(module(channels, c[0], c[1], c[2], c[3], c[4], c[5], options, gen));
            channels = c[0] + c[2] + c[4] + c[5];
            if (i == 1 || i == 6) net.add(pool()); // after 3b and 4e
        }
        Sequential head = new Sequential(new GlobalAvgPool());
        if (options.dropRate() > 0) head.add(Dropout.withDropRate(options.dropRate(), gen));
        head.add(new Linear(channels, numClasses, Linear.Options.defaults(), gen));
        return net.add(head);
    }

    private static void stemConv(Sequential s, int in, int out, int k, int stride, boolean bn, Generator gen) {
        s.add(Layers.conv(in, out, k, stride, k / 2, !bn, gen));
        if (bn) s.add(new BatchNorm2d(out));
        s.add(Layers.relu());
    }

    /** Max pool 3×3 stride 2 padding 1: halves H and W (112 → 56 → 28 → 14 → 7). */
    private static Module pool() {
        return new MaxPool2d(PoolOptions.of(3).withStride(2).withPadding(1));
    }
}
