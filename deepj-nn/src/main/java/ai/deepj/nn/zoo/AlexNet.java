package ai.deepj.nn.zoo;

import ai.deepj.nn.Dropout;
import ai.deepj.nn.Flatten;
import ai.deepj.nn.Linear;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.PoolOptions;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Generator;

/**
 * AlexNet (Krizhevsky, Sutskever and Hinton, "ImageNet Classification with Deep Convolutional
 * Neural Networks", 2012): LeNet's pattern, much bigger, with ReLU and dropout.
 *
 * <p>{@link #course} has the shapes the course draws: {@code 227 × 227 × 3} → conv 11×11 stride 4
 * (96) → {@code 55 × 55 × 96} → max pool 3/2 → {@code 27 × 27} → conv 5×5 same (256) → max pool
 * 3/2 → {@code 13 × 13} → conv 3×3 same (384, 384, 256) → max pool 3/2 → {@code 6 × 6 × 256} =
 * 9216 → fc 4096 → fc 4096 → classes: 62,378,344 parameters for 1000 classes. (The paper split
 * conv 2, 4 and 5 over two GPUs, which halves their inputs, and normalized responses locally;
 * neither is drawn in the course or done here.)
 *
 * <p>{@link #torchvision} is torchvision's {@code alexnet} (from Krizhevsky's "One weird trick",
 * 2014): {@code 224 × 224} input, conv 11×11/4 padding 2 (64), 5×5 (192), 3×3 (384, 256, 256):
 * 61,100,840 parameters for 1000 classes. torchvision pools adaptively to {@code 6 × 6} before the
 * classifier, which is the identity at 224; here the input must be {@code 224 × 224}.
 *
 * <p>Both put dropout (drop rate 0.5) before the two hidden fully connected layers, as the paper.
 *
 * {@snippet :
 * Sequential net = AlexNet.torchvision(1000, Generator.seeded(1));
 * Tensor logits = net.forward(images);          // [N, 3, 224, 224] → [N, 1000]
 * }
 */
public final class AlexNet {
    private AlexNet() {}

    /** The course's AlexNet on {@code [N, 3, 227, 227]}. */
    public static Sequential course(int numClasses, Generator gen) {
        Layers.positive("AlexNet.course", "numClasses", numClasses);
        return new Sequential(
                Layers.conv(3, 96, 11, 4, 0, true, gen), Layers.relu(), pool(),
                Layers.conv(96, 256, 5, 1, 2, true, gen), Layers.relu(), pool(),
                Layers.conv(256, 384, 3, 1, 1, true, gen), Layers.relu(),
                Layers.conv(384, 384, 3, 1, 1, true, gen), Layers.relu(),
                Layers.conv(384, 256, 3, 1, 1, true, gen), Layers.relu(), pool(),
                classifier(256 * 6 * 6, numClasses, gen));
    }

    /** {@link #course(int, Generator)} from {@link Generator#global()}. */
    public static Sequential course(int numClasses) {
        return course(numClasses, Generator.global());
    }

    /** torchvision's AlexNet on {@code [N, 3, 224, 224]}. */
    public static Sequential torchvision(int numClasses, Generator gen) {
        Layers.positive("AlexNet.torchvision", "numClasses", numClasses);
        return new Sequential(
                Layers.conv(3, 64, 11, 4, 2, true, gen), Layers.relu(), pool(),
                Layers.conv(64, 192, 5, 1, 2, true, gen), Layers.relu(), pool(),
                Layers.conv(192, 384, 3, 1, 1, true, gen), Layers.relu(),
                Layers.conv(384, 256, 3, 1, 1, true, gen), Layers.relu(),
                Layers.conv(256, 256, 3, 1, 1, true, gen), Layers.relu(), pool(),
                classifier(256 * 6 * 6, numClasses, gen));
    }

    /** {@link #torchvision(int, Generator)} from {@link Generator#global()}. */
    public static Sequential torchvision(int numClasses) {
        return torchvision(numClasses, Generator.global());
    }

    /** Overlapping max pooling, 3×3 windows at stride 2. */
    private static MaxPool2d pool() {
        return new MaxPool2d(PoolOptions.of(3).withStride(2));
    }

    /** Flatten, dropout, fc 4096, ReLU, dropout, fc 4096, ReLU, fc classes. */
    private static Sequential classifier(int features, int numClasses, Generator gen) {
        Linear.Options fc = Linear.Options.defaults();
        return new Sequential(new Flatten(),
                Dropout.withDropRate(0.5, gen), new Linear(features, 4096, fc, gen), Layers.relu(),
                Dropout.withDropRate(0.5, gen), new Linear(4096, 4096, fc, gen), Layers.relu(),
                new Linear(4096, numClasses, fc, gen));
    }
}
