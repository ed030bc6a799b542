package ai.deepj.examples;

import ai.deepj.data.Dataset;
import ai.deepj.data.TensorDataset;
import ai.deepj.data.synthetic.Shapes;
import ai.deepj.nn.Sequential;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.Trainer;
import ai.deepj.train.transfer.FeatureCache;
import ai.deepj.train.transfer.Transfer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Course 4 week 2's transfer learning on real images, with {@code ai.deepj.train.transfer}: pretrain
 * the {@link ConvNetLesson} network on another data set, keep its conv blocks, put a new head on them
 * ({@link Transfer#replaceHead}), freeze the blocks ({@link Transfer#freezeUpTo}), run them once over
 * the target's images ({@link FeatureCache}) and train only the head on those cached activations; then
 * fine-tune the last conv block together with the head, again on cached activations (of the blocks
 * before it), with a smaller learning rate.
 *
 * {@snippet :
 * TensorDataset source = TransferLesson.shapes(1200, 64, 1);                  // generated, 6 classes
 * Sequential pretrained = TransferLesson.pretrain(source, 6, ConvNetLesson.Options.defaults().withEpochs(4), System.out);
 * TransferLesson.Result r = TransferLesson.transfer(pretrained, split, 6, TransferLesson.Options.defaults(), cacheDir, System.out);
 * r.headOnly().heldOutAccuracy();
 * r.fineTuned().heldOutAccuracy();
 * }
 *
 * <p>Caching is exact here, not an approximation: the frozen blocks run in evaluation mode (batch norm
 * with its running statistics) both when the cache is made and when the whole network predicts.
 */
public final class TransferLesson {
    private TransferLesson() {}

    /**
     * Settings of the two stages on the target.
     *
     * @param head     training of the new head on the cached activations of all conv blocks
     * @param fineTune training of the last conv block and the head on the cached activations of the
     *                 blocks before it ({@code epochs} 0: no fine-tuning)
     */
    public record Options(ConvNetLesson.Options head, ConvNetLesson.Options fineTune) {
        /** Head: 40 epochs at α 0.002; fine-tuning: 20 epochs at α 0.0005; batches of 16, seed 1. */
        public static Options defaults() {
            ConvNetLesson.Options d = ConvNetLesson.Options.defaults();
            return new Options(d.withEpochs(40).withLearningRate(0.002), d.withEpochs(20).withLearningRate(0.0005));
        }
    }

    /**
     * The transferred network (pretrained blocks, new head; after fine-tuning if there was any), the
     * accuracies with the head alone trained, and after fine-tuning the last block (null without).
     */
    public record Result(Sequential model, ConvNetLesson.Result headOnly, ConvNetLesson.Result fineTuned) {}

    /**
     * {@code n} generated {@link Shapes} images as colour images {@code [n, 3, side, side]}: the
     * 28×28 grey picture scaled to {@code side} (nearest pixel) and copied into the three channels;
     * labels 0–5 ({@link Shapes#CLASSES}).
     */
    public static TensorDataset shapes(int n, int side, long seed) {
        if (side < 1) throw new IllegalArgumentException("TransferLesson.shapes: side must be >= 1, got " + side);
        TensorDataset gray = Shapes.generate(n, seed);
        float[] in = gray.x().toFloatArray();
        int s = Shapes.SIZE;
        float[] out = new float[n * 3 * side * side];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    float v = in[i * s * s + (y * s / side) * s + (x * s / side)];
                    for (int c = 0; c < 3; c++) out[((i * 3 + c) * side + y) * side + x] = v;
                }
            }
        }
        return new TensorDataset(Tensor.of(out, n, 3, side, side), gray.y());
    }

    /** Trains {@link ConvNetLesson#convNet} on all of {@code source} (the pretraining; its images must be square). */
    public static Sequential pretrain(TensorDataset source, int classes, ConvNetLesson.Options o, PrintStream out) {
        Tensor x = source.x();
        Sequential net = ConvNetLesson.convNet(x.size(1), x.size(2), classes, o.widths(), Generator.seeded(o.seed()));
        out.printf(Locale.ROOT, "Pretraining on %d images of %d classes, %d epochs%n", source.size(), classes, o.epochs());
        Trainer t = ConvNetLesson.train(net, source, o, out);
        out.printf(Locale.ROOT, "Pretraining accuracy %.1f%% (on the pretraining images)%n", 100 * t.evaluate(source).get("accuracy"));
        return net;
    }

    /**
     * Transfers {@code pretrained} (a {@link ConvNetLesson#convNet}, left unchanged) to the target split:
     * a copy with a new head for {@code classes}, the head trained on cached activations, then the last
     * block fine-tuned. The caches are written under {@code cacheDir}.
     */
    public static Result transfer(Sequential pretrained, ConvNetLesson.Split target, int classes, Options o, Path cacheDir, PrintStream out)
            throws IOException {
        int headAt = pretrained.size() - 1;
        if (headAt < 4 || headAt % 4 != 0) {
            throw new IllegalArgumentException("TransferLesson.transfer: expected a ConvNetLesson.convNet (blocks of 4 layers, then a head),"
                    + " got a Sequential of " + pretrained.size() + " layers");
        }
        Tensor one = target.train().get(new int[] {0}).x();
        Sequential copy = (Sequential) pretrained.copy();
        Sequential blocks = Transfer.body(copy, headAt);
        Tensor shape;
        try (var s = ai.deepj.tensor.Autograd.noGrad()) {
            blocks.eval();
            shape = blocks.forward(one);
            blocks.train();
        }
        Sequential head = ConvNetLesson.head(shape.size(1), shape.size(2), shape.size(3), classes, Generator.seeded(o.head().seed()));
        Sequential model = Transfer.replaceHead(copy, head);
        Transfer.freezeUpTo(model, headAt);
        out.printf(Locale.ROOT, "Transfer: %d pretrained conv blocks frozen, new head (flatten, dense %d -> %d) trained on their cached"
                + " activations%n", headAt / 4, shape.numel(), classes);

        Sequential frozen = Transfer.body(model, headAt);
        TensorDataset train = FeatureCache.compute(frozen, target.train(), 32, cacheDir.resolve("train-blocks.safetensors"));
        TensorDataset heldOut = FeatureCache.compute(frozen, target.heldOut(), 32, cacheDir.resolve("held-out-blocks.safetensors"));
        // Cached activations are not images: no flips.
        ConvNetLesson.Result headOnly = ConvNetLesson.fit(head, new ConvNetLesson.Split(train, heldOut), o.head().withAugment(false), out);
        if (o.fineTune().epochs() == 0) return new Result(model, headOnly, null);

        int lastBlock = headAt - 4;
        out.printf(Locale.ROOT, "Fine-tuning the last conv block and the head (Adam %.4f) on cached activations of the %d blocks before it%n",
                o.fineTune().learningRate(), lastBlock / 4);
        Sequential lower = Transfer.body(model, lastBlock);
        Sequential top = new Sequential();
        for (int i = lastBlock; i < model.size(); i++) top.add(model.get(i));
        top.unfreeze();
        Dataset lowerTrain = FeatureCache.compute(lower, target.train(), 32, cacheDir.resolve("train-lower.safetensors"));
        Dataset lowerHeldOut = FeatureCache.compute(lower, target.heldOut(), 32, cacheDir.resolve("held-out-lower.safetensors"));
        ConvNetLesson.Result fineTuned = ConvNetLesson.fit(top, new ConvNetLesson.Split(lowerTrain, lowerHeldOut),
                o.fineTune().withAugment(false), out);
        return new Result(model, headOnly, fineTuned);
    }
}
