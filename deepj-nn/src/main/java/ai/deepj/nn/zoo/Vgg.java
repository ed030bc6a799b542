package ai.deepj.nn.zoo;

import ai.deepj.nn.BatchNorm2d;
import ai.deepj.nn.Dropout;
import ai.deepj.nn.Flatten;
import ai.deepj.nn.Linear;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Generator;
import java.util.Arrays;

/**
 * VGG (Simonyan and Zisserman, "Very Deep Convolutional Networks for Large-Scale Image
 * Recognition", 2015): only 3×3 convolutions with "same" padding and 2×2 max pools at stride 2;
 * each pool halves H and W while the channels double (64, 128, 256, 512, 512). The course's
 * VGG-16 takes {@code 224 × 224 × 3} to {@code 7 × 7 × 512}, then fc 4096, fc 4096, softmax.
 *
 * <p>{@link #vgg16} (configuration D: 138,357,544 parameters for 1000 classes) and {@link #vgg19}
 * (E: 143,667,240) are torchvision's {@code vgg16} and {@code vgg19}: ReLU after every convolution
 * and hidden fully connected layer, dropout (drop rate 0.5) after the two hidden fully connected
 * layers. {@link #build} makes any configuration, with batch norm (torchvision's {@code vgg16_bn})
 * or smaller images and classifiers.
 *
 * {@snippet :
 * Sequential vgg = Vgg.vgg16(1000, Generator.seeded(1));
 * Tensor logits = vgg.forward(images);          // [N, 3, 224, 224] → [N, 1000]
 * // A small VGG for 32 × 32 images: 2 blocks, a 64-wide classifier, batch norm.
 * Sequential small = Vgg.build(new int[] {16, Vgg.POOL, 32, 32, Vgg.POOL}, 10,
 *         Vgg.Options.defaults().withImageSize(32).withHidden(64).withBatchNorm(true), Generator.seeded(2));
 * }
 */
public final class Vgg {
    private Vgg() {}

    /** In a configuration: a 2×2 max pool at stride 2 (any other entry is a 3×3 convolution's output channels). */
    public static final int POOL = 0;

    /**
     * Options of {@link #build}.
     *
     * @param inChannels image channels
     * @param imageSize  input height and width, which fix the classifier's input size
     * @param hidden     width of the two hidden fully connected layers
     * @param dropRate   drop rate of the dropout after each hidden fully connected layer's ReLU (0: no dropout layers)
     * @param batchNorm  batch norm between each convolution and its ReLU (the convolution then has no bias)
     */
    public record Options(int inChannels, int imageSize, int hidden, double dropRate, boolean batchNorm) {
        public Options {
            Layers.positive("Vgg.Options", "inChannels", inChannels);
            Layers.positive("Vgg.Options", "imageSize", imageSize);
            Layers.positive("Vgg.Options", "hidden", hidden);
            if (!(dropRate >= 0 && dropRate < 1)) throw new IllegalArgumentException("Vgg.Options: dropRate must be in [0, 1), got " + dropRate);
        }

        /** torchvision's: 3 channels, 224 × 224, 4096 hidden units, drop rate 0.5, no batch norm. */
        public static Options defaults() {
            return new Options(3, 224, 4096, 0.5, false);
        }

        public Options withInChannels(int c) {
            return new Options(c, imageSize, hidden, dropRate, batchNorm);
        }

        public Options withImageSize(int size) {
            return new Options(inChannels, size, hidden, dropRate, batchNorm);
        }

        public Options withHidden(int units) {
            return new Options(inChannels, imageSize, units, dropRate, batchNorm);
        }

        public Options withDropRate(double p) {
            return new Options(inChannels, imageSize, hidden, p, batchNorm);
        }

        public Options withBatchNorm(boolean on) {
            return new Options(inChannels, imageSize, hidden, dropRate, on);
        }
    }

    /**
     * The paper's configuration for {@code depth} weight layers: 11 (A), 13 (B), 16 (D) or 19 (E);
     * channels of each 3×3 convolution, {@link #POOL} for each max pool. A fresh array.
     */
    public static int[] config(int depth) {
        int p = POOL;
        return switch (depth) {
            case 11 -> new int[] {64, p, 128, p, 256, 256, p, 512, 512, p, 512, 512, p};
            case 13 -> new int[] {64, 64, p, 128, 128, p, 256, 256, p, 512, 512, p, 512, 512, p};
            case 16 -> new int[] {64, 64, p, 128, 128, p, 256, 256, 256, p, 512, 512, 512, p, 512, 512, 512, p};
            case 19 -> new int[] {64, 64, p, 128, 128, p, 256, 256, 256, 256, p, 512, 512, 512, 512, p, 512, 512, 512, 512, p};
            default -> throw new IllegalArgumentException("Vgg.config: the paper defines depths 11, 13, 16 and 19, got " + depth);
        };
    }

    /** VGG-16 (configuration D) on {@code [N, 3, 224, 224]}. */
    public static Sequential vgg16(int numClasses, Generator gen) {
        return build(config(16), numClasses, Options.defaults(), gen);
    }

    /** {@link #vgg16(int, Generator)} from {@link Generator#global()}. */
    public static Sequential vgg16(int numClasses) {
        return vgg16(numClasses, Generator.global());
    }

    /** VGG-19 (configuration E) on {@code [N, 3, 224, 224]}. */
    public static Sequential vgg19(int numClasses, Generator gen) {
        return build(config(19), numClasses, Options.defaults(), gen);
    }

    /** {@link #vgg19(int, Generator)} from {@link Generator#global()}. */
    public static Sequential vgg19(int numClasses) {
        return vgg19(numClasses, Generator.global());
    }

    /**
     * A VGG network: {@code features} (the configuration's convolutions, each followed by ReLU, and
     * pools) as child 0, the classifier (flatten, fc hidden, ReLU, dropout, fc hidden, ReLU,
     * dropout, fc classes) as child 1, as in torchvision.
     */
    public static Sequential build(int[] config, int numClasses, Options options, Generator gen) {
        String op = "Vgg.build";
        Layers.positive(op, "numClasses", numClasses);
        if (config == null || config.length == 0) throw new IllegalArgumentException(op + ": the configuration is empty");
        Sequential features = new Sequential();
        int channels = options.inChannels(), size = options.imageSize();
        for (int v : config) {
            if (v == POOL) {
                if (size < 2) {
                    throw new IllegalArgumentException(op + ": configuration " + Arrays.toString(config) + " pools a " + options.imageSize()
                            + " x " + options.imageSize() + " image below 1 x 1; use a larger imageSize or fewer pools");
                }
                features.add(new MaxPool2d(2));
                size /= 2;
            } else {
                if (v < 0) throw new IllegalArgumentException(op + ": channel counts must be positive (or POOL), got " + v);
                features.add(Layers.conv(channels, v, 3, 1, 1, !options.batchNorm(), gen));
                if (options.batchNorm()) features.add(new BatchNorm2d(v));
                features.add(Layers.relu());
                channels = v;
            }
        }
        Linear.Options fc = Linear.Options.defaults();
        int h = options.hidden();
        Sequential classifier = new Sequential(new Flatten(), new Linear(channels * size * size, h, fc, gen), Layers.relu());
        if (options.dropRate() > 0) classifier.add(Dropout.withDropRate(options.dropRate(), gen));
        classifier.add(new Linear(h, h, fc, gen)).add(Layers.relu());
        if (options.dropRate() > 0) classifier.add(Dropout.withDropRate(options.dropRate(), gen));
        classifier.add(new Linear(h, numClasses, fc, gen));
        return new Sequential(features, classifier);
    }
}
