package ai.deepj.nn.zoo;

import ai.deepj.nn.AvgPool2d;
import ai.deepj.nn.Conv2d;
import ai.deepj.nn.Flatten;
import ai.deepj.nn.Linear;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.Tanh;
import ai.deepj.tensor.Generator;

/**
 * LeNet-5 (LeCun, Bottou, Bengio and Haffner, "Gradient-Based Learning Applied to Document
 * Recognition", 1998), the first of the course's classic networks, in two forms.
 *
 * <p>{@link #classic} has the course's shapes: a {@code 32 × 32 × 1} image, conv 5×5 (6) →
 * {@code 28 × 28 × 6}, average pool 2/2 → {@code 14 × 14 × 6}, conv 5×5 (16) → {@code 10 × 10 × 16},
 * average pool → {@code 5 × 5 × 16} = 400, fully connected 120 → 84 → classes, with tanh
 * activations: 61,706 parameters for 10 classes. (LeCun's C3 connected each of its 16 maps to only
 * some of the 6 inputs and the output layer was RBF units; the course, like every modern
 * re-implementation, uses full connections and a softmax, which the loss supplies.)
 *
 * <p>{@link #mnist} is the modern variant on MNIST-size {@code 28 × 28} images (the {@code lenet}
 * benchmark): ReLU and max pooling, no padding, so the flattened size is {@code 16·4·4 = 256};
 * 44,426 parameters for 10 classes.
 *
 * {@snippet :
 * Sequential net = LeNet5.classic(10, Generator.seeded(1));
 * Tensor logits = net.forward(images);          // [N, 1, 32, 32] → [N, 10]
 * System.out.print(net.summary(1, 1, 32, 32));
 * }
 */
public final class LeNet5 {
    private LeNet5() {}

    /** The course's LeNet-5 on {@code [N, 1, 32, 32]} (tanh, average pooling), PyTorch's default initialization. */
    public static Sequential classic(int numClasses, Generator gen) {
        Layers.positive("LeNet5.classic", "numClasses", numClasses);
        Conv2d.Options conv = Conv2d.Options.defaults();
        Linear.Options fc = Linear.Options.defaults();
        return new Sequential(
                new Conv2d(1, 6, 5, conv, gen), new Tanh(), new AvgPool2d(2),
                new Conv2d(6, 16, 5, conv, gen), new Tanh(), new AvgPool2d(2),
                new Flatten(), new Linear(400, 120, fc, gen), new Tanh(), new Linear(120, 84, fc, gen), new Tanh(),
                new Linear(84, numClasses, fc, gen));
    }

    /** {@link #classic(int, Generator)} from {@link Generator#global()}. */
    public static Sequential classic(int numClasses) {
        return classic(numClasses, Generator.global());
    }

    /**
     * LeNet-5 with ReLU and max pooling on {@code [N, 1, 28, 28]}: conv 5×5 (6) – ReLU – max pool 2 –
     * conv 5×5 (16) – ReLU – max pool 2 – flatten (256) – fc 120 – ReLU – fc 84 – ReLU – fc classes.
     * PyTorch's default initialization (as the benchmark's PyTorch side).
     */
    public static Sequential mnist(int numClasses, Generator gen) {
        Layers.positive("LeNet5.mnist", "numClasses", numClasses);
        Conv2d.Options conv = Conv2d.Options.defaults();
        Linear.Options fc = Linear.Options.defaults();
        return new Sequential(
                new Conv2d(1, 6, 5, conv, gen), Layers.relu(), new MaxPool2d(2),
                new Conv2d(6, 16, 5, conv, gen), Layers.relu(), new MaxPool2d(2),
                new Flatten(), new Linear(256, 120, fc, gen), Layers.relu(), new Linear(120, 84, fc, gen), Layers.relu(),
                new Linear(84, numClasses, fc, gen));
    }

    /** {@link #mnist(int, Generator)} from {@link Generator#global()}. */
    public static Sequential mnist(int numClasses) {
        return mnist(numClasses, Generator.global());
    }
}
