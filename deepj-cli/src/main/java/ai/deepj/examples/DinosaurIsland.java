package ai.deepj.examples;

import ai.deepj.data.SharedData;
import ai.deepj.nn.loss.CrossEntropy;
import ai.deepj.nn.loss.Loss;
import ai.deepj.nn.loss.Reduction;
import ai.deepj.nn.rnn.RnnState;
import ai.deepj.optim.GradClip;
import ai.deepj.optim.GradientDescent;
import ai.deepj.tensor.Generator;
import ai.deepj.tensor.Tensor;
import ai.deepj.train.PerStep;
import ai.deepj.train.StatefulSequenceModel;
import ai.deepj.train.text.Vocabulary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The course's "Dinosaur Island" (Course 5, week 1): a character-level language model of dinosaur
 * names, trained as the notebook's {@code model} does and sampled as its {@code sample} does.
 *
 * <ul>
 *   <li>Data: {@code dinos.txt} lower-cased, one name per line; the vocabulary is its characters,
 *       sorted: 27 = {@code '\n'} (the end of a name, id 0) and a–z. A seeded 10 % of the names is held
 *       out to measure perplexity; the course trains on all of them.</li>
 *   <li>Model ({@link LanguageModel#courseRnn}): one-hot characters, a tanh RNN of 50 units, a softmax
 *       output at every step; weights {@code 0.01·N(0, 1)}, biases 0.</li>
 *   <li>Training, one name per iteration (the names shuffled once, then taken in turn): the input is
 *       {@code [0-vector, c1, …, cn]}, the targets {@code [c1, …, cn, '\n']}; the loss is the course's sum
 *       of the steps' cross-entropies; backward; the course's {@code clip(gradients, 5)}
 *       ({@link GradClip#clip}) on dWax, dWaa, dWya, db, dby; a gradient-descent step of 0.01. As in the
 *       notebook, the hidden state a name ends in is where the next name starts ({@code a_prev}), detached.
 *       The loss printed is the notebook's smoothed one, {@code 0.999·loss + 0.001·current}, starting from
 *       {@code 7·log 27}.</li>
 *   <li>Every 2000 iterations, 7 names are sampled: from a zero input and zero state, each character drawn
 *       from the softmax (the course's {@code np.random.choice}; a temperature reshapes it) and fed back,
 *       until {@code '\n'} or 50 characters. Seeded: a seed gives the same names.</li>
 * </ul>
 *
 * <p>At the end it reports perplexity per character, {@code exp} of the mean cross-entropy over every
 * predicted character of the names (their final {@code '\n'} included), each name scored from zero state:
 * on the held-out names, on the training names, and for comparison of a unigram model (character
 * frequencies of the training names) and of a uniform guess (27).
 *
 * {@snippet :
 * DinosaurIsland.Result r = DinosaurIsland.run(DinosaurIsland.Options.course(), System.out);
 * r.heldOutPerplexity();   // per character, on the held-out names
 * }
 */
public final class DinosaurIsland {
    /**
     * Settings.
     *
     * @param iterations   names trained on, one per iteration (course: 35000)
     * @param hidden       units of the RNN (course: 50)
     * @param learningRate of gradient descent (course: 0.01)
     * @param clipValue    every gradient element clipped to ±this (course: 5)
     * @param sampleEvery  sample names every this many iterations (course: 2000)
     * @param names        names sampled each time (course: 7)
     * @param temperature  of the sampling (1: the model's distribution, as the course; 0: greedy)
     * @param heldOut      fraction of the names held out for perplexity (0.1)
     * @param seed         seed of the split, the shuffling, the weights and the samples
     * @param data         {@code dinos.txt}; null: {@code dinos/dinos.txt} of the shared data
     */
    public record Options(int iterations, int hidden, double learningRate, double clipValue, int sampleEvery, int names, double temperature,
            double heldOut, long seed, Path data) {
        public Options {
            if (iterations < 1 || hidden < 1 || !(learningRate > 0) || !(clipValue > 0) || sampleEvery < 1 || names < 0
                    || !(temperature >= 0) || !(heldOut > 0 && heldOut < 1)) {
                throw new IllegalArgumentException("DinosaurIsland.Options: need iterations, hidden, sampleEvery >= 1, learningRate and"
                        + " clipValue > 0, names >= 0, temperature >= 0, heldOut in (0, 1); got " + iterations + ", " + hidden + ", "
                        + learningRate + ", " + clipValue + ", " + sampleEvery + ", " + names + ", " + temperature + ", " + heldOut);
            }
        }

        /** The notebook's settings, 10 % held out, seed 0, the shared data. */
        public static Options course() {
            return new Options(35_000, 50, 0.01, 5, 2000, 7, 1.0, 0.1, 0, null);
        }

        /** Same, training on this many names. */
        public Options withIterations(int v) {
            return new Options(v, hidden, learningRate, clipValue, sampleEvery, names, temperature, heldOut, seed, data);
        }

        /** Same, sampling every {@code v} iterations. */
        public Options withSampleEvery(int v) {
            return new Options(iterations, hidden, learningRate, clipValue, v, names, temperature, heldOut, seed, data);
        }

        /** Same, sampling at temperature {@code v}. */
        public Options withTemperature(double v) {
            return new Options(iterations, hidden, learningRate, clipValue, sampleEvery, names, v, heldOut, seed, data);
        }

        /** Same, with another seed. */
        public Options withSeed(long v) {
            return new Options(iterations, hidden, learningRate, clipValue, sampleEvery, names, temperature, heldOut, v, data);
        }

        /** Same, reading the names from {@code file}. */
        public Options withData(Path file) {
            return new Options(iterations, hidden, learningRate, clipValue, sampleEvery, names, temperature, heldOut, seed, file);
        }
    }

    /**
     * The names, lower-case, split.
     *
     * @param train   names trained on, in the file's order
     * @param heldOut names held out
     * @param vocab   the characters of the whole file (27 for the course's)
     */
    public record Names(List<String> train, List<String> heldOut, Vocabulary vocab) {}

    /** The names sampled after {@code iteration} iterations, when the smoothed loss was {@code loss}. */
    public record Sample(int iteration, double loss, List<String> names) {}

    /**
     * What a run gives.
     *
     * @param samples           every round of samples
     * @param greedy            greedy completions from a zero input and from a few first letters
     * @param heldOutPerplexity per character on the held-out names
     * @param trainPerplexity   per character on the training names
     * @param unigramPerplexity per character on the held-out names of the training names' character frequencies
     * @param heldOutCharacters characters predicted in the held-out names
     * @param seconds           training time
     * @param model             the trained model
     */
    public record Result(List<Sample> samples, List<String> greedy, double heldOutPerplexity, double trainPerplexity, double unigramPerplexity,
            long heldOutCharacters, double seconds, LanguageModel model) {}

    private DinosaurIsland() {}

    /** Reads {@code dinos.txt}: one name per line, lower-cased; a seeded {@code heldOut} fraction held out. */
    public static Names load(Path file, double heldOut, long seed) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT).replace("\r", "");
        } catch (IOException e) {
            throw new UncheckedIOException("DinosaurIsland: cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> all = new ArrayList<>();
        for (String line : text.split("\n")) if (!line.isBlank()) all.add(line.strip());
        if (all.size() < 10) throw new IllegalArgumentException("DinosaurIsland: " + file + " has " + all.size() + " names; need at least 10");
        int[] order = permutation(all.size(), Generator.seeded(seed));
        int nHeld = Math.max(1, (int) Math.round(heldOut * all.size()));
        boolean[] held = new boolean[all.size()];
        for (int i = 0; i < nHeld; i++) held[order[i]] = true;
        List<String> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) (held[i] ? test : train).add(all.get(i));
        return new Names(train, test, Vocabulary.ofCharacters(text.endsWith("\n") ? text : text + "\n"));
    }

    /** Trains as the notebook does, printing its lines; then perplexities and greedy names. */
    public static Result run(Options o, PrintStream out) {
        Path file = o.data() != null ? o.data() : SharedData.find("dinos/dinos.txt").orElseThrow(() ->
                new IllegalStateException("DinosaurIsland: " + SharedData.missingReason("dinos/dinos.txt")));
        Names names = load(file, o.heldOut(), o.seed());
        Vocabulary vocab = names.vocab();
        int newline = vocab.id("\n");
        out.printf(Locale.ROOT, "%d names (%d for training, %d held out), %d characters: %s%n", names.train().size() + names.heldOut().size(),
                names.train().size(), names.heldOut().size(), vocab.size(), String.join("", vocab.tokens()).replace("\n", "\\n"));

        Generator gen = Generator.seeded(o.seed());
        List<String> examples = new ArrayList<>(names.train());
        int[] order = permutation(examples.size(), gen);   // the notebook shuffles once, then takes the names in turn
        LanguageModel model = LanguageModel.courseRnn(vocab.size(), o.hidden(), gen);
        GradientDescent sgd = GradientDescent.of(model.parameters(), o.learningRate());
        Loss sumOfSteps = PerStep.loss(new CrossEntropy(CrossEntropy.Options.defaults().withReduction(Reduction.SUM)));
        Map<String, Tensor> params = model.namedParameters();

        double smooth = -Math.log(1.0 / vocab.size()) * o.names();   // the notebook's get_initial_loss
        List<RnnState> aPrev = null;
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        for (int j = 0; j < o.iterations(); j++) {
            int[] ids = vocab.encode(examples.get(order[j % examples.size()]));
            int[] x = new int[ids.length + 1], y = new int[ids.length + 1];
            x[0] = LanguageModel.START;
            System.arraycopy(ids, 0, x, 1, ids.length);
            System.arraycopy(ids, 0, y, 0, ids.length);
            y[ids.length] = newline;

            StatefulSequenceModel.Output f = model.forward(Tensor.of(x, 1, x.length), aPrev);
            Tensor loss = sumOfSteps.compute(f.output(), Tensor.of(y, 1, y.length));
            loss.backward();
            GradClip.clip(courseGradients(params), o.clipValue());
            sgd.step();
            sgd.zeroGrad();
            aPrev = f.states().stream().map(RnnState::detach).toList();
            smooth = smooth * 0.999 + loss.item() * 0.001;

            if (j % o.sampleEvery() == 0) {
                List<String> sampled = sample(model, vocab, o.names(), o.temperature(), Generator.seeded(o.seed() * 1_000_003L + j));
                samples.add(new Sample(j, smooth, sampled));
                out.printf(Locale.ROOT, "Iteration: %d, Loss: %f%n%n", j, smooth);
                for (String s : sampled) out.println(s);
                out.println();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        double[] held = crossEntropy(model, vocab, names.heldOut()), train = crossEntropy(model, vocab, names.train());
        double unigram = unigramCrossEntropy(vocab, names.train(), names.heldOut());
        List<String> greedy = new ArrayList<>();
        greedy.add(complete(model, vocab, "", 0, null));
        for (String first : new String[] {"a", "m", "s", "t"}) greedy.add(complete(model, vocab, first, 0, null));
        out.printf(Locale.ROOT, "Trained on %d names in %.1f s (%.2f ms per name)%n", o.iterations(), seconds, 1000 * seconds / o.iterations());
        out.printf(Locale.ROOT, "Perplexity per character: held-out %.3f (%d characters), training %.3f; unigram %.3f, uniform %d%n",
                Math.exp(held[0]), (long) held[1], Math.exp(train[0]), Math.exp(unigram), vocab.size());
        out.println("Greedy (always the likeliest next character): " + String.join(", ", greedy));
        return new Result(samples, greedy, Math.exp(held[0]), Math.exp(train[0]), Math.exp(unigram), (long) held[1], seconds, model);
    }

    /** The gradients under the course's names, for its {@code clip}: dWax, dWaa, dWya, db (both halves of b), dby. */
    private static Map<String, Tensor> courseGradients(Map<String, Tensor> p) {
        Map<String, Tensor> g = new LinkedHashMap<>();
        g.put("dWax", p.get("rnn.cell.weightIh").grad());
        g.put("dWaa", p.get("rnn.cell.weightHh").grad());
        g.put("dWya", p.get("head.layer.weight").grad());
        g.put("db", p.get("rnn.cell.biasIh").grad());
        g.put("db_hh", p.get("rnn.cell.biasHh").grad());   // deepj keeps b as two halves with the same gradient
        g.put("dby", p.get("head.layer.bias").grad());
        return g;
    }

    /** {@code count} names drawn as the notebook's {@code sample}: from a zero input and state, until '\n' or 50 characters; capitalized. */
    public static List<String> sample(LanguageModel model, Vocabulary vocab, int count, double temperature, Generator gen) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(complete(model, vocab, "", temperature, gen));
        return out;
    }

    /** {@code prefix} and the characters the model adds after it, up to '\n' (not shown) or 50 characters; capitalized. */
    static String complete(LanguageModel model, Vocabulary vocab, String prefix, double temperature, Generator gen) {
        int newline = vocab.id("\n");
        int[] p = vocab.encode(prefix), prompt = new int[p.length + 1];
        prompt[0] = LanguageModel.START;
        System.arraycopy(p, 0, prompt, 1, p.length);
        int[] next = model.generate(prompt, 50, newline, temperature, gen);
        String name = prefix + vocab.decode(next).replace("\n", "");
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** {mean cross-entropy per character, characters} of the names, each scored from zero state, its '\n' included. */
    static double[] crossEntropy(LanguageModel model, Vocabulary vocab, List<String> names) {
        List<int[]> xs = new ArrayList<>(), ys = new ArrayList<>();
        int newline = vocab.id("\n");
        for (String n : names) {
            int[] ids = vocab.encode(n), x = new int[ids.length + 1], y = new int[ids.length + 1];
            x[0] = LanguageModel.START;
            System.arraycopy(ids, 0, x, 1, ids.length);
            System.arraycopy(ids, 0, y, 0, ids.length);
            y[ids.length] = newline;
            xs.add(x);
            ys.add(y);
        }
        return model.crossEntropy(xs, ys, 256);
    }

    /** The held-out names' mean cross-entropy per character under the training names' character frequencies ('\n' included). */
    static double unigramCrossEntropy(Vocabulary vocab, List<String> train, List<String> heldOut) {
        double[] counts = new double[vocab.size()];
        double total = 0;
        for (String n : train) {
            for (int id : vocab.encode(n + "\n")) counts[id]++;
            total += n.length() + 1;
        }
        double sum = 0;
        long chars = 0;
        for (String n : heldOut) {
            for (int id : vocab.encode(n + "\n")) {
                sum -= Math.log(Math.max(counts[id], 0.5) / total);   // a character never seen in training counts as half a sighting
                chars++;
            }
        }
        return sum / chars;
    }

    private static int[] permutation(int n, Generator gen) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int k = gen.nextInt(i + 1), t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    /** {@code --iterations N --seed S --temperature T --sample-every N --data FILE}; defaults: the course's. */
    public static void main(String[] args) {
        ExampleArgs a = ExampleArgs.parse("dinosaurs", args, "iterations", "seed", "temperature", "sample-every", "data");
        Options o = Options.course();
        if (a.has("iterations")) o = o.withIterations(a.integer("iterations"));
        if (a.has("seed")) o = o.withSeed(a.integer("seed"));
        if (a.has("temperature")) o = o.withTemperature(a.number("temperature"));
        if (a.has("sample-every")) o = o.withSampleEvery(a.integer("sample-every"));
        if (a.has("data")) o = o.withData(Path.of(a.string("data")));
        run(o, System.out);
    }
}
