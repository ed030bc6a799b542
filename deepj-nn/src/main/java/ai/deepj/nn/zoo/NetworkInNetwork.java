package ai.deepj.nn.zoo;

import ai.deepj.nn.AvgPool2d;
import ai.deepj.nn.Dropout;
import ai.deepj.nn.GlobalAvgPool;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.PoolOptions;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Generator;

/**
 * Network in Network (Lin, Chen and Yan, "Network In Network", 2014), the source of the course's
 * 1×1 convolutions: a 1×1 convolution is a small fully connected network applied at every pixel,
 * across the channels; it keeps H and W and sets the number of channels, so it can shrink them
 * ({@code 28 × 28 × 192} → 32 filters → {@code 28 × 28 × 32}, {@link #pointwise}) or add a
 * non-linearity without changing the shape.
 *
 * <p>{@link #mlpconv} is the paper's block: a {@code k × k} convolution followed by two 1×1
 * convolutions, each with ReLU. {@link #cifar} is the paper's CIFAR-10 network: three blocks
 * (192-160-96, 192-192-192, 192-192-classes) separated by 3×3/2 pooling and dropout 0.5; the last
 * 1×1 convolution outputs one map per class and global average pooling replaces the fully
 * connected classifier: 966,986 parameters for 10 classes, 0.97 M. As in the paper's Caffe model,
 * a ReLU follows the last convolution too, so the class scores are non-negative. Pools pad by 1
 * (32 → 16 → 8), where Caffe rounds up instead; the sizes are the same.
 *
 * {@snippet :
 * Sequential shrink = NetworkInNetwork.pointwise(192, 32, Generator.seeded(1));   // [N, 192, 28, 28] → [N, 32, 28, 28]
 * Sequential nin = NetworkInNetwork.cifar(10, Generator.seeded(2));                // [N, 3, 32, 32] → [N, 10]
 * }
 */
public final class NetworkInNetwork {
    private NetworkInNetwork() {}

    /** A 1×1 convolution from {@code in} to {@code out} channels, then ReLU. */
    public static Sequential pointwise(int in, int out, Generator gen) {
        Layers.positive("NetworkInNetwork.pointwise", "in", in);
        Layers.positive("NetworkInNetwork.pointwise", "out", out);
        return new Sequential(Layers.conv(in, out, 1, 1, 0, true, gen), Layers.relu());
    }

    /**
     * An mlpconv block: conv {@code k × k} "same" ({@code c1}) → ReLU → conv 1×1 ({@code c2}) → ReLU →
     * conv 1×1 ({@code c3}) → ReLU; {@code k} odd.
     */
    public static Sequential mlpconv(int in, int k, int c1, int c2, int c3, Generator gen) {
        String op = "NetworkInNetwork.mlpconv";
        Layers.positive(op, "in", in);
        Layers.odd(op, "k", k);
        Layers.positive(op, "c1", c1);
        Layers.positive(op, "c2", c2);
        Layers.positive(op, "c3", c3);
        return new Sequential(
                Layers.conv(in, c1, k, 1, k / 2, true, gen), Layers.relu(),
                Layers.conv(c1, c2, 1, 1, 0, true, gen), Layers.relu(),
                Layers.conv(c2, c3, 1, 1, 0, true, gen), Layers.relu());
    }

    /** The paper's CIFAR-10 network on {@code [N, 3, 32, 32]} (or other sizes: global pooling ends it). */
    public static Sequential cifar(int numClasses, Generator gen) {
        Layers.positive("NetworkInNetwork.cifar", "numClasses", numClasses);
        PoolOptions pool = PoolOptions.of(3).withStride(2).withPadding(1);
        return new Sequential(
                mlpconv(3, 5, 192, 160, 96, gen), new MaxPool2d(pool), Dropout.withDropRate(0.5, gen),
                mlpconv(96, 5, 192, 192, 192, gen), new AvgPool2d(pool), Dropout.withDropRate(0.5, gen),
                mlpconv(192, 3, 192, 192, numClasses, gen), new GlobalAvgPool());
    }

    /** {@link #cifar(int, Generator)} from {@link Generator#global()}. */
    public static Sequential cifar(int numClasses) {
        return cifar(numClasses, Generator.global());
    }
}
