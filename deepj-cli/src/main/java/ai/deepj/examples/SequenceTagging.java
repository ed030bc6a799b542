package ai.deepj.examples;

import ai.deepj.data.DataLoader;
import ai.deepj.data.TensorDataset;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.rnn.Lstm;
import ai.deepj.nn.rnn.TimeDistributed;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.History;
import ai.deepj.train.PerStep;
import ai.deepj.train.Progress;
import ai.deepj.train.Trainer;
import ai.deepj.train.metrics.Metrics;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Many-to-many with {@code T_x = T_y} (the course's named-entity tagging shape): label every step of a
 * sequence of digits 0–4 as {@link #UP}, {@link #DOWN} or {@link #SAME} against the digit before it (the
 * first step against 0). A step's tag depends on the step before, so the model has to carry it.
 *
 * <p>Data, generated and seeded: sequences of 12 digits; tags int32 {@code [n, 12]}. Model: one-hot
 * digits into an LSTM returning every step, a linear layer at every step ({@code TimeDistributed}) to
 * the three tags; the loss and the accuracy are over every step ({@link PerStep}). Chance is the most
 * frequent tag's share (about 40 %).
 *
 * {@snippet :
 * SequenceTagging.Result r = SequenceTagging.run(SequenceTagging.Options.defaults(), System.out);
 * }
 */
public final class SequenceTagging {
    /** Tags. */
    public static final int UP = 0, DOWN = 1, SAME = 2;
    static final int DIGITS = 5, LENGTH = 12;
    private static final String[] NAMES = {"up", "down", "same"};

    /**
     * Settings.
     *
     * @param train   training sequences
     * @param heldOut held-out sequences
     * @param hidden  LSTM units
     * @param epochs  passes over the training set
     * @param seed    seed of the data, the weights and the shuffling
     */
    public record Options(int train, int heldOut, int hidden, int epochs, long seed) {
        public Options {
            if (train < 1 || heldOut < 1 || hidden < 1 || epochs < 1) throw new IllegalArgumentException("SequenceTagging.Options: sizes must be >= 1");
        }

        /** 2000 training and 500 held-out sequences, LSTM 32, 6 epochs, seed 1. */
        public static Options defaults() {
            return new Options(2000, 500, 32, 6, 1);
        }

        /** Same, for {@code v} epochs. */
        public Options withEpochs(int v) {
            return new Options(train, heldOut, hidden, v, seed);
        }

        /** Same, with another seed. */
        public Options withSeed(long v) {
            return new Options(train, heldOut, hidden, epochs, v);
        }
    }

    /** Held-out accuracy over every step, chance (the most frequent tag's share), the history. */
    public record Result(double heldOutAccuracy, double chance, History history) {}

    /** Digits [B, T] → one-hot → LSTM (every step) → linear at every step: logits [B, T, 3]. */
    static final class Tagger extends Module {
        private final Lstm lstm;
        private final TimeDistributed out;

        Tagger(int hidden, Generator gen) {
            lstm = addModule("lstm", new Lstm(DIGITS, hidden, Lstm.Options.defaults(), gen));
            out = addModule("out", new TimeDistributed(new Linear(hidden, 3, Linear.Options.defaults(), gen)));
        }

        @Override
        public Tensor forward(Tensor digits) {
            return out.forward(lstm.forward(Tensor.oneHot(digits, DIGITS, DType.FLOAT32)));
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("hidden", lstm.hiddenSize());
            return c;
        }

        @Override
        public String typeName() {
            return "examples.Tagger";
        }
    }

    private SequenceTagging() {}

    /** {@code n} sequences of digits {@code [n, 12]} and their tags {@code [n, 12]}. */
    static TensorDataset generate(int n, Generator g) {
        int[] x = new int[n * LENGTH], y = new int[n * LENGTH];
        for (int i = 0; i < n; i++) {
            int prev = 0;
            for (int t = 0; t < LENGTH; t++) {
                int d = g.nextInt(DIGITS);
                x[i * LENGTH + t] = d;
                y[i * LENGTH + t] = d > prev ? UP : d < prev ? DOWN : SAME;
                prev = d;
            }
        }
        return new TensorDataset(Tensor.of(x, n, LENGTH), Tensor.of(y, n, LENGTH));
    }

    /** Generates the data, trains, reports held-out accuracy and tags one sequence. */
    public static Result run(Options o, PrintStream out) {
        Generator g = Generator.seeded(o.seed());
        TensorDataset train = generate(o.train(), g), test = generate(o.heldOut(), g);
        Tagger model = new Tagger(o.hidden(), g);
        out.printf(Locale.ROOT, "Many-to-many (equal lengths): tag each of 12 digits 0-4 up/down/same against the one before; %d training, %d"
                + " held-out sequences%n", o.train(), o.heldOut());
        Trainer t = Trainer.builder().model(model).loss(PerStep.loss(new CrossEntropy()))
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.01)))
                .train(train, DataLoader.Options.batchSize(64).withShuffle(o.seed())).dev(test).epochs(o.epochs())
                .metrics(PerStep.metric(Metrics.accuracy())).progress(Progress.lines(out).withBatchLinesEvery(0)).build();
        History h = t.fit();
        double accuracy = t.evaluate(test).get("accuracy");
        int[] counts = new int[3];
        for (int tag : test.y().toIntArray()) counts[tag]++;
        double chance = (double) Math.max(counts[0], Math.max(counts[1], counts[2])) / test.y().numel();
        out.printf(Locale.ROOT, "Held-out accuracy over every step %.1f%% (chance %.1f%%)%n", 100 * accuracy, 100 * chance);
        Tensor first = test.x().narrow(0, 0, 1);
        int[] tags;
        try (var s = ai.deepj.tensor.Autograd.noGrad()) {
            model.eval();
            tags = model.forward(first).argmax(2, false).toIntArray();
            model.train();
        }
        StringBuilder sb = new StringBuilder("  ");
        int[] digits = first.toIntArray();
        for (int i = 0; i < digits.length; i++) sb.append(digits[i]).append(':').append(NAMES[tags[i]]).append(' ');
        out.println(sb.toString().stripTrailing());
        return new Result(accuracy, chance, h);
    }

    /** {@code --epochs N --seed S}. */
    public static void main(String[] args) {
        ExampleArgs a = ExampleArgs.parse("many-to-many", args, "epochs", "seed");
        Options o = Options.defaults();
        if (a.has("epochs")) o = o.withEpochs(a.integer("epochs"));
        if (a.has("seed")) o = o.withSeed(a.integer("seed"));
        run(o, System.out);
    }
}
