package ai.deepj.examples;

import ai.deepj.data.DataLoader;
import ai.deepj.data.TensorDataset;
import ai.deepj.nn.Linear;
import ai.deepj.nn.Module;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.rnn.Lstm;
import ai.deepj.nn.rnn.RnnOutput;
import ai.deepj.nn.rnn.RnnState;
import ai.deepj.nn.rnn.TimeDistributed;
import ai.deepj.optim.Adam;
import ai.deepj.tensor.Autograd;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.History;
import ai.deepj.train.PerStep;
import ai.deepj.train.Trainer;
import ai.deepj.train.metrics.Metrics;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One-to-many (the course's music-generation shape: one input {@code x⟨1⟩}, then each output fed back as
 * the next input): read a 6-digit number once, as a single vector, and write it out digit by digit.
 *
 * <p>The input vector has seven one-hot parts, {@code [digit 1 | … | digit 6 | previous digit]} (70
 * values): at the first step it holds the number and nothing else; after that only the digit produced
 * before. So the number is seen once and the LSTM has to keep all of it in its state and count where it
 * is. Training uses teacher forcing (the true previous digit as input); generation is greedy and feeds
 * back its own digits ({@code SequenceModule.step} with explicit states). The held-out numbers are not
 * among the training ones. Chance is 10 % per digit.
 *
 * {@snippet :
 * SequenceGeneration.Result r = SequenceGeneration.run(SequenceGeneration.Options.defaults(), System.out);
 * r.heldOutDigitAccuracy();
 * }
 */
public final class SequenceGeneration {
    static final int DIGITS = 10, LENGTH = 6, INPUT = (LENGTH + 1) * DIGITS;

    /**
     * Settings.
     *
     * @param train   training numbers
     * @param heldOut held-out numbers (none of them among the training ones)
     * @param hidden  LSTM units
     * @param epochs  passes over the training numbers
     * @param seed    seed of the numbers, the weights and the shuffling
     */
    public record Options(int train, int heldOut, int hidden, int epochs, long seed) {
        public Options {
            if (train < 1 || heldOut < 1 || train + heldOut > 100_000 || hidden < 1 || epochs < 1) {
                throw new IllegalArgumentException("SequenceGeneration.Options: need train, heldOut >= 1 (at most 100000 together), hidden"
                        + " and epochs >= 1");
            }
        }

        /** 4000 training and 500 held-out numbers, LSTM 128, 6 epochs, seed 1. */
        public static Options defaults() {
            return new Options(4000, 500, 128, 6, 1);
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

    /**
     * What a run gives.
     *
     * @param heldOutDigitAccuracy    generated digits right, over the held-out numbers
     * @param heldOutSequenceAccuracy held-out numbers written out entirely right
     * @param trainDigitAccuracy      generated digits right, over the training numbers
     * @param history                 the trainer's history (teacher-forced)
     */
    public record Result(double heldOutDigitAccuracy, double heldOutSequenceAccuracy, double trainDigitAccuracy, History history) {}

    /** Inputs [B, T, 70] → LSTM → linear at every step: logits [B, T, 10]; {@link #generate} feeds its own digits back. */
    static final class Generator1ToN extends Module {
        private final Lstm lstm;
        private final TimeDistributed out;

        Generator1ToN(int hidden, Generator gen) {
            lstm = addModule("lstm", new Lstm(INPUT, hidden, Lstm.Options.defaults(), gen));
            out = addModule("out", new TimeDistributed(new Linear(hidden, DIGITS, Linear.Options.defaults(), gen)));
        }

        @Override
        public Tensor forward(Tensor x) {
            return out.forward(lstm.forward(x));
        }

        /** Greedy: the digits generated from the single input of {@code number}. */
        int[] generate(int number) {
            int[] digits = new int[LENGTH];
            boolean wasTraining = isTraining();
            eval();
            try (var scope = Autograd.noGrad()) {
                float[] x = new float[INPUT];
                int[] d = digitsOf(number);
                for (int i = 0; i < LENGTH; i++) x[i * DIGITS + d[i]] = 1;
                List<RnnState> state = null;
                for (int t = 0; t < LENGTH; t++) {
                    RnnOutput r = lstm.step(Tensor.of(x, 1, INPUT), state);
                    state = r.states();
                    digits[t] = out.layer().forward(r.last()).argmax(1, false).toIntArray()[0];
                    x = new float[INPUT];
                    x[LENGTH * DIGITS + digits[t]] = 1;   // the next input is this output
                }
            } finally {
                train(wasTraining);
            }
            return digits;
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("hidden", lstm.hiddenSize());
            return c;
        }

        @Override
        public String typeName() {
            return "examples.OneToMany";
        }
    }

    private SequenceGeneration() {}

    /** The 6 digits of {@code number}, most significant first. */
    static int[] digitsOf(int number) {
        int[] d = new int[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--, number /= DIGITS) d[i] = number % DIGITS;
        return d;
    }

    /** Teacher-forced inputs {@code [n, 6, 70]} and targets {@code [n, 6]} of the numbers. */
    static TensorDataset teacherForced(int[] numbers) {
        int n = numbers.length;
        float[] x = new float[n * LENGTH * INPUT];
        int[] y = new int[n * LENGTH];
        for (int i = 0; i < n; i++) {
            int[] d = digitsOf(numbers[i]);
            int base = i * LENGTH * INPUT;
            for (int j = 0; j < LENGTH; j++) x[base + j * DIGITS + d[j]] = 1;            // step 0: the whole number
            for (int t = 1; t < LENGTH; t++) x[base + t * INPUT + LENGTH * DIGITS + d[t - 1]] = 1;   // then the digit before
            System.arraycopy(d, 0, y, i * LENGTH, LENGTH);
        }
        return new TensorDataset(Tensor.of(x, n, LENGTH, INPUT), Tensor.of(y, n, LENGTH));
    }

    /** Draws distinct numbers, trains, writes out every held-out number and reports accuracies. */
    public static Result run(Options o, PrintStream out) {
        Generator g = Generator.seeded(o.seed());
        java.util.LinkedHashSet<Integer> drawn = new java.util.LinkedHashSet<>();
        int limit = (int) Math.pow(DIGITS, LENGTH);
        while (drawn.size() < o.train() + o.heldOut()) drawn.add(g.nextInt(limit));
        int[] all = drawn.stream().mapToInt(Integer::intValue).toArray();
        int[] train = Arrays.copyOfRange(all, 0, o.train()), held = Arrays.copyOfRange(all, o.train(), all.length);
        out.printf(Locale.ROOT, "One-to-many: read a 6-digit number once (one input vector), write it out digit by digit, each digit fed back"
                + " as the next input; %d training numbers, %d held out%n", train.length, held.length);

        Generator1ToN model = new Generator1ToN(o.hidden(), g);
        History h = Trainer.builder().model(model).loss(PerStep.loss(new CrossEntropy()))
                .optimizer(Adam.of(model.parameters(), Adam.Options.defaults().withLr(0.005)))
                .train(teacherForced(train), DataLoader.Options.batchSize(64).withShuffle(o.seed())).epochs(o.epochs())
                .metrics(PerStep.metric(Metrics.accuracy())).quiet().build().fit();
        double[] loss = h.metric("train_loss");
        out.printf(Locale.ROOT, "teacher-forced training loss: epoch 1 %.4f, epoch %d %.4f%n", loss[0], loss.length, loss[loss.length - 1]);

        double[] trainAcc = accuracy(model, train, null), heldAcc = accuracy(model, held, out);
        out.printf(Locale.ROOT, "Generated, feeding back its own digits: held-out numbers %.1f%% of digits right, %.1f%% written out entirely"
                + " right; training numbers %.1f%% of digits (chance 10%%)%n", 100 * heldAcc[0], 100 * heldAcc[1], 100 * trainAcc[0]);
        return new Result(heldAcc[0], heldAcc[1], trainAcc[0], h);
    }

    /** {digit accuracy, whole-number accuracy} of greedy generation; prints the first few if {@code out}. */
    private static double[] accuracy(Generator1ToN model, int[] numbers, PrintStream out) {
        int right = 0, whole = 0, shown = 0;
        for (int number : numbers) {
            int[] want = digitsOf(number), got = model.generate(number);
            int r = 0;
            for (int t = 0; t < LENGTH; t++) if (want[t] == got[t]) r++;
            right += r;
            if (r == LENGTH) whole++;
            if (out != null && shown++ < 4) {
                out.printf(Locale.ROOT, "  %06d -> %s%s%n", number, Arrays.toString(got), r == LENGTH ? "" : "  (want " + Arrays.toString(want) + ")");
            }
        }
        return new double[] {(double) right / (numbers.length * LENGTH), (double) whole / numbers.length};
    }

    /** {@code --epochs N --seed S}. */
    public static void main(String[] args) {
        ExampleArgs a = ExampleArgs.parse("one-to-many", args, "epochs", "seed");
        Options o = Options.defaults();
        if (a.has("epochs")) o = o.withEpochs(a.integer("epochs"));
        if (a.has("seed")) o = o.withSeed(a.integer("seed"));
        run(o, System.out);
    }
}
