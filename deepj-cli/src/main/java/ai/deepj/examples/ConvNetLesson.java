package ai.deepj.examples;

import ai.deepj.data.DataLoader;
import ai.deepj.data.Dataset;
import ai.deepj.data.Splits;
import ai.deepj.data.Subset;
import ai.deepj.data.TensorDataset;
import ai.deepj.data.augment.AugmentedDataset;
import ai.deepj.data.augment.RandomFlip;
import ai.deepj.nn.AvgPool2d;
import ai.deepj.nn.BatchNorm2d;
import ai.deepj.nn.Conv2d;
import ai.deepj.nn.Flatten;
import ai.deepj.nn.Linear;
import ai.deepj.nn.MaxPool2d;
import ai.deepj.nn.Module;
import ai.deepj.nn.ReLU;
import ai.deepj.nn.Sequential;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.Progress;
import ai.deepj.train.Trainer;
import ai.deepj.train.metrics.Metrics;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Course 4 week 1 on real images: a small ConvNet from scratch, in the style of the course's Happy
 * House and SIGNS models (conv–batch-norm–ReLU–max-pool blocks, flatten, dense), trained on a seeded
 * stratified split of one of the course's image files (only their test files are at hand, so the
 * held-out images are a part of that file the network never trains on).
 *
 * {@snippet :
 * TensorDataset signs = H5Images.load(Path.of("test_signs.h5"));                 // [120, 3, 64, 64], 6 classes
 * ConvNetLesson.Split s = ConvNetLesson.split(signs, 0.3, 1);                     // 84 train, 36 held out
 * ConvNetLesson.Result r = ConvNetLesson.fromScratch(s, 6, ConvNetLesson.Options.defaults(), System.out);
 * r.heldOutAccuracy();
 * }
 */
public final class ConvNetLesson {
    private ConvNetLesson() {}

    /**
     * Training settings.
     *
     * @param widths       output channels of each conv block (3×3 "same" convolution, batch norm, ReLU, 2×2 max pool)
     * @param epochs       passes over the training part
     * @param learningRate Adam's α
     * @param batchSize    mini-batch size
     * @param seed         seed of the weights, the shuffling and the augmentation
     * @param augment      random horizontal flips (probability 0.5) of the training images
     */
    public record Options(List<Integer> widths, int epochs, double learningRate, int batchSize, long seed, boolean augment) {
        public Options {
            widths = List.copyOf(widths);
            if (widths.isEmpty() || widths.stream().anyMatch(w -> w < 1) || epochs < 1 || !(learningRate > 0) || batchSize < 1) {
                throw new IllegalArgumentException("ConvNetLesson.Options: need >= 1 block of >= 1 channels, epochs and batch size >= 1 and"
                        + " a positive learning rate, got widths " + widths + ", " + epochs + " epochs, lr " + learningRate + ", batch "
                        + batchSize);
            }
        }

        /** Blocks of 8, 16, 32 channels, 30 epochs, α 0.002, batches of 16, seed 1, no augmentation. */
        public static Options defaults() {
            return new Options(List.of(8, 16, 32), 30, 0.002, 16, 1, false);
        }

        /** Same, for {@code v} epochs. */
        public Options withEpochs(int v) {
            return new Options(widths, v, learningRate, batchSize, seed, augment);
        }

        /** Same, with learning rate {@code v}. */
        public Options withLearningRate(double v) {
            return new Options(widths, epochs, v, batchSize, seed, augment);
        }

        /** Same, with seed {@code v}. */
        public Options withSeed(long v) {
            return new Options(widths, epochs, learningRate, batchSize, v, augment);
        }

        /** Same, with or without augmentation. */
        public Options withAugment(boolean v) {
            return new Options(widths, epochs, learningRate, batchSize, seed, v);
        }
    }

    /** The training part and the held-out part of one file. */
    public record Split(Dataset train, Dataset heldOut) {}

    /**
     * Accuracy on the training part (evaluation mode, without augmentation) and on the held-out part,
     * and chance: the share of the held-out part's largest class.
     */
    public record Result(double trainAccuracy, double heldOutAccuracy, double chance) {}

    /**
     * A stratified seeded split: {@code heldOut} of each class held out ({@link Splits#stratified}).
     *
     * @throws IllegalArgumentException if {@code heldOut} is not in (0, 1)
     */
    public static Split split(TensorDataset data, double heldOut, long seed) {
        if (!(heldOut > 0 && heldOut < 1)) {
            throw new IllegalArgumentException("ConvNetLesson.split: the held-out share must be in (0, 1), got " + heldOut);
        }
        List<Subset> parts = Splits.stratified(data, data.y(), seed, 1 - heldOut, heldOut);
        return new Split(parts.get(0), parts.get(1));
    }

    /**
     * The conv blocks alone: for each width a 3×3 "same" convolution, batch norm, ReLU and 2×2 max
     * pool, so {@code [N, channels, H, W]} becomes {@code [N, widths.last, H/2^k, W/2^k]}.
     */
    public static Sequential body(int channels, List<Integer> widths, Generator g) {
        Sequential s = new Sequential();
        int in = channels;
        for (int w : widths) {
            s.add(new Conv2d(in, w, 3, Conv2d.Options.defaults().withSamePadding(), g));
            s.add(new BatchNorm2d(w));
            s.add(new ReLU());
            s.add(new MaxPool2d(2));
            in = w;
        }
        return s;
    }

    /** Flatten and a dense layer to {@code classes} logits, for the body's output {@code [N, c, h, w]}. */
    public static Sequential head(int c, int h, int w, int classes, Generator g) {
        return new Sequential(new Flatten(), new Linear(c * h * w, classes, Linear.Options.defaults(), g));
    }

    /**
     * The whole network for images {@code [N, channels, side, side]}: {@link #body} then {@link #head}
     * as its last layer. {@code side} must be divisible by {@code 2^widths.size()}.
     */
    public static Sequential convNet(int channels, int side, int classes, List<Integer> widths, Generator g) {
        int shrink = 1 << widths.size();
        if (side % shrink != 0) {
            throw new IllegalArgumentException("ConvNetLesson.convNet: " + widths.size() + " blocks halve the side " + widths.size()
                    + " times, so it must be divisible by " + shrink + ", got " + side);
        }
        Sequential net = body(channels, widths, g);
        net.add(head(widths.get(widths.size() - 1), side / shrink, side / shrink, classes, g));
        return net;
    }

    /**
     * The images shrunk {@code factor} times in each direction by averaging {@code factor × factor}
     * blocks (e.g. 64×64 to 32×32 with 2: four times less work per image); labels unchanged.
     *
     * @throws IllegalArgumentException if the height or width is not divisible by {@code factor}
     */
    public static TensorDataset downscale(TensorDataset data, int factor) {
        Tensor x = data.x();
        if (factor < 1 || x.size(2) % factor != 0 || x.size(3) % factor != 0) {
            throw new IllegalArgumentException("ConvNetLesson.downscale: images " + x.size(2) + "x" + x.size(3) + " cannot be shrunk by "
                    + factor + " (the factor must be >= 1 and divide both sides)");
        }
        if (factor == 1) return data;
        try (var s = Autograd.noGrad()) {
            return new TensorDataset(new AvgPool2d(factor).forward(x), data.y());
        }
    }

    /** The number of classes: the largest label plus one. */
    public static int classes(TensorDataset data) {
        return (int) data.y().max().item() + 1;
    }

    /** Trains {@link #convNet} from scratch on the training part and reports the accuracies. */
    public static Result fromScratch(Split s, int classes, Options o, PrintStream out) {
        Tensor first = s.train().get(new int[] {0}).x();
        Generator g = Generator.seeded(o.seed());
        Sequential net = convNet(first.size(1), first.size(2), classes, o.widths(), g);
        out.printf(Locale.ROOT, "From scratch: %d conv blocks %s (3x3, batch norm, ReLU, 2x2 max pool), flatten, dense to %d; %d"
                + " parameters; Adam %.4f, %d epochs, batches of %d%s%n", o.widths().size(), o.widths(), classes, parameterCount(net),
                o.learningRate(), o.epochs(), o.batchSize(), o.augment() ? ", random flips" : "");
        return fit(net, s, o, out);
    }

    /** Trains {@code model}'s trainable (not frozen) parameters on the training part and reports the accuracies. */
    static Result fit(Module model, Split s, Options o, PrintStream out) {
        return report(train(model, s.train(), o, out), s, out);
    }

    /** Trains {@code model}'s trainable (not frozen) parameters with Adam on {@code train}; the trainer, for evaluations. */
    static Trainer train(Module model, Dataset train, Options o, PrintStream out) {
        if (o.augment()) {
            // Flips only: a mirrored hand shows as many fingers and a mirrored face smiles as much. Small random crops
            // (zero padding of 1/16 of the side) were measured too and did worse on these 84-105 images (docs/cnn-real-data.md).
            train = new AugmentedDataset(train, RandomFlip.horizontal(0.5), o.seed());
        }
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropy())
                .optimizer(Adam.of(model.parameters().stream().filter(Tensor::requiresGrad).toList(),
                        Adam.Options.defaults().withLr(o.learningRate())))
                .train(train, DataLoader.Options.batchSize(o.batchSize()).withShuffle(o.seed()))
                .epochs(o.epochs()).metrics(Metrics.accuracy())
                .progress(Progress.lines(out).withBatchLinesEvery(0)).build();
        t.fit();
        return t;
    }

    static Result report(Trainer t, Split s, PrintStream out) {
        double train = t.evaluate(s.train()).get("accuracy"), heldOut = t.evaluate(s.heldOut()).get("accuracy");
        double chance = chance(s.heldOut());
        out.printf(Locale.ROOT, "Accuracy: training %.1f%% of %d, held out %.1f%% of %d (chance %.1f%%)%n", 100 * train, s.train().size(),
                100 * heldOut, s.heldOut().size(), 100 * chance);
        return new Result(train, heldOut, chance);
    }

    /** The share of {@code data}'s examples whose largest logit is at their label, in evaluation mode without gradients. */
    public static double accuracy(Module model, Dataset data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var s = Autograd.noGrad()) {
            ai.deepj.data.Batch b = data.get(indices(data.size()));
            int[] predicted = model.forward(b.x()).argmax(1, false).toIntArray(), y = b.y().toIntArray();
            int right = 0;
            for (int i = 0; i < y.length; i++) if (predicted[i] == y[i]) right++;
            return (double) right / y.length;
        } finally {
            model.train(wasTraining);
        }
    }

    /** The share of the largest class in {@code d}. */
    static double chance(Dataset d) {
        int[] y = d.get(indices(d.size())).y().toIntArray();
        int[] counts = new int[java.util.Arrays.stream(y).max().orElse(0) + 1];
        for (int v : y) counts[v]++;
        return (double) java.util.Arrays.stream(counts).max().orElse(0) / Math.max(1, y.length);
    }

    static int[] indices(int n) {
        int[] i = new int[n];
        for (int k = 0; k < n; k++) i[k] = k;
        return i;
    }

    static long parameterCount(Module m) {
        return m.parameters().stream().mapToLong(Tensor::numel).sum();
    }
}
