package ai.deepj.examples;

import ai.deepj.data.TensorDataset;
import ai.deepj.data.DataLoader;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.rnn.Lstm;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.DType;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.History;
import ai.deepj.train.Progress;
import ai.deepj.train.Trainer;
import ai.deepj.train.metrics.Metrics;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Many-to-one (the course's sentiment classification shape, {@code T_x} inputs → one output): does a
 * sequence of symbols contain the pattern {@code 0 1 2} somewhere (three consecutive steps)?
 *
 * <p>Data, generated and seeded: sequences of symbols 0–3 of random lengths 5–20; half contain the
 * pattern at a random place, half are drawn until they do not (so the classes are balanced and length
 * says nothing). A batch is right-padded with the symbol {@link #PAD}, and the model reads the mask off
 * the padding: one-hot symbols into an LSTM run with that mask ({@code Lstm.run(x, mask, null)}), whose
 * {@code last()} output is each sequence's state after its own last real step, then a linear layer to two
 * classes. Trained with the {@link Trainer} (Adam, cross-entropy), judged on held-out sequences; chance
 * is 50 %.
 *
 * {@snippet :
 * SequenceClassification.Result r = SequenceClassification.run(SequenceClassification.Options.defaults(), System.out);
 * r.heldOutAccuracy();
 * }
 */
public final class SequenceClassification {
    /** The padding symbol after a sequence's end. */
    public static final int PAD = 4;
    static final int SYMBOLS = 4, MIN_LENGTH = 5, MAX_LENGTH = 20;

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
            if (train < 2 || heldOut < 2 || hidden < 1 || epochs < 1) {
                throw new IllegalArgumentException("SequenceClassification.Options: need >= 2 sequences per set, hidden and epochs >= 1");
            }
        }

        /** 3000 training and 1000 held-out sequences, LSTM 32, 8 epochs, seed 1. */
        public static Options defaults() {
            return new Options(3000, 1000, 32, 8, 1);
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

    /** Held-out accuracy, the chance level (the larger class's share), the history. */
    public record Result(double heldOutAccuracy, double chance, History history) {}

    /** Symbols [B, T] padded with {@link #PAD} → one-hot → LSTM over the real steps → linear: logits [B, 2]. */
    static final class PatternClassifier extends Module {
        private final Lstm lstm;
        private final Linear out;

        PatternClassifier(int hidden, Generator gen) {
            lstm = addModule("lstm", new Lstm(SYMBOLS, hidden, Lstm.Options.defaults().withReturnSequences(false), gen));
            out = addModule("out", new Linear(hidden, 2, Linear.Options.defaults(), gen));
        }

        @Override
        public Tensor forward(Tensor symbols) {
            Tensor mask = symbols.ne(PAD).to(DType.FLOAT32);                        // 1 at real steps
            Tensor oneHot = Tensor.oneHot(symbols.clamp(0, SYMBOLS - 1), SYMBOLS, DType.FLOAT32);   // padding: any vector, masked
            return out.forward(lstm.run(oneHot, mask, null).last());
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("hidden", lstm.hiddenSize());
            return c;
        }

        @Override
        public String typeName() {
            return "examples.PatternClassifier";
        }
    }

    private SequenceClassification() {}

    /** {@code n} sequences, half with the pattern: symbols {@code [n, 20]} padded with {@link #PAD}, labels {@code [n]}. */
    static TensorDataset generate(int n, Generator g) {
        int[] x = new int[n * MAX_LENGTH], y = new int[n];
        java.util.Arrays.fill(x, PAD);
        for (int i = 0; i < n; i++) {
            int len = MIN_LENGTH + g.nextInt(MAX_LENGTH - MIN_LENGTH + 1);
            int[] s = new int[len];
            boolean positive = g.nextInt(2) == 1;
            do {
                for (int t = 0; t < len; t++) s[t] = g.nextInt(SYMBOLS);
                if (positive) {
                    int at = g.nextInt(len - 2);
                    s[at] = 0;
                    s[at + 1] = 1;
                    s[at + 2] = 2;
                }
            } while (!positive && contains(s));
            System.arraycopy(s, 0, x, i * MAX_LENGTH, len);
            y[i] = positive ? 1 : 0;
        }
        return new TensorDataset(Tensor.of(x, n, MAX_LENGTH), Tensor.of(y, n));
    }

    static boolean contains(int[] s) {
        for (int t = 0; t + 2 < s.length; t++) if (s[t] == 0 && s[t + 1] == 1 && s[t + 2] == 2) return true;
        return false;
    }

    /** Generates the data, trains, reports held-out accuracy. */
    public static Result run(Options o, PrintStream out) {
        Generator g = Generator.seeded(o.seed());
        TensorDataset train = generate(o.train(), g), test = generate(o.heldOut(), g);
        PatternClassifier model = new PatternClassifier(o.hidden(), g);
        out.printf(Locale.ROOT, "Many-to-one: does a sequence of 0-3 (length %d-%d, padded, masked) contain 0 1 2? %d training, %d held-out"
                + " sequences%n", MIN_LENGTH, MAX_LENGTH, o.train(), o.heldOut());
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropy())
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.01)))
                .train(train, DataLoader.Options.batchSize(64).withShuffle(o.seed())).dev(test).epochs(o.epochs())
                .metrics(Metrics.accuracy()).progress(Progress.lines(out).withBatchLinesEvery(0)).build();
        History h = t.fit();
        double accuracy = t.evaluate(test).get("accuracy");
        double positives = test.y().to(DType.FLOAT64).mean().item();
        double chance = Math.max(positives, 1 - positives);
        out.printf(Locale.ROOT, "Held-out accuracy %.1f%% (chance %.1f%%)%n", 100 * accuracy, 100 * chance);
        List<int[]> shown = List.of(new int[] {3, 0, 1, 2, 3}, new int[] {0, 1, 3, 2, 0, 1, 1, 2}, new int[] {2, 2, 0, 1, 2, 0, 0, 3, 1, 3, 3, 0});
        for (int[] s : shown) {
            int[] padded = new int[MAX_LENGTH];
            java.util.Arrays.fill(padded, PAD);
            System.arraycopy(s, 0, padded, 0, s.length);
            double p;
            try (var scope = ai.deepj.tensor.Autograd.noGrad()) {
                model.eval();
                p = model.forward(Tensor.of(padded, 1, MAX_LENGTH)).softmax(1).select(1, 1).item();
                model.train();
            }
            out.printf(Locale.ROOT, "  %-28s P(contains 0 1 2) = %.3f%s%n", java.util.Arrays.toString(s), p, contains(s) ? "  (it does)" : "");
        }
        return new Result(accuracy, chance, h);
    }

    /** {@code --epochs N --seed S}. */
    public static void main(String[] args) {
        ExampleArgs a = ExampleArgs.parse("many-to-one", args, "epochs", "seed");
        Options o = Options.defaults();
        if (a.has("epochs")) o = o.withEpochs(a.integer("epochs"));
        if (a.has("seed")) o = o.withSeed(a.integer("seed"));
        run(o, System.out);
    }
}
